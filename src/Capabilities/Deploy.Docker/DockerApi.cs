using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Pipeline.Images;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The Docker engine client of one environment. Pipeline.Images keeps its client internal, so this opens its own the
/// same way (<c>DOCKER_HOST</c>, else the default socket; API version left to the engine) and turns "nobody answers"
/// into one line naming DOCKER_HOST and eng/docker-engine.sh.
/// </summary>
internal sealed class DockerApi : IDisposable
{
    private DockerApi(DockerClient client, Uri endpoint)
    {
        Client = client;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    private DockerClient Client { get; }

    public static DockerApi Open(Uri? endpoint)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var uri = endpoint ?? new Uri(string.IsNullOrEmpty(host) ? DockerConnection.DefaultEndpoint : host);
        var client = new DockerClientBuilder().WithEndpoint(uri).WithTimeout(TimeSpan.FromMinutes(5)).Build();
        return new DockerApi(client, uri);
    }

    public async Task<T> CallAsync<T>(Func<DockerClient, Task<T>> call)
    {
        try
        {
            return await call(Client);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw new DockerUnavailableException(
                $"no Docker engine answers at {Endpoint} ({Innermost(e).Message}): start one with eng/docker-engine.sh, " +
                $"or set DOCKER_HOST to a running engine (default {DockerConnection.DefaultEndpoint})", e);
        }
    }

    public Task CallAsync(Func<DockerClient, Task> call) =>
        CallAsync(async c =>
        {
            await call(c);
            return true;
        });

    /// <summary>The engine's own message from an API error (its JSON "message"), or the status code.</summary>
    public static string MessageOf(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message))
            {
                body = message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // not JSON: the body is the message
        }

        return body.Length > 0 ? body.Trim() : e.StatusCode.ToString();
    }

    private static bool IsUnreachable(Exception e) => e switch
    {
        HttpRequestException { InnerException: SocketException or IOException } => true,
        HttpRequestException h when h.StatusCode is null && h.Message.Contains("Connection", StringComparison.OrdinalIgnoreCase) => true,
        SocketException => true,
        TimeoutException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnreachable),
        _ => false,
    };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    public void Dispose() => Client.Dispose();
}
