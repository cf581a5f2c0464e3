using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using Pipeline.Images.Building;

namespace Pipeline.Images;

/// <summary>
/// A connection to the Docker engine named by <c>DOCKER_HOST</c> (default <c>unix:///var/run/docker.sock</c>). The API
/// version is left to the engine (unversioned paths), which works from engine 20.10 (API 1.41) up.
/// </summary>
public sealed class DockerConnection : IDisposable
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    private DockerConnection(DockerClient client, Uri endpoint)
    {
        Client = client;
        Endpoint = endpoint;
    }

    /// <summary>The engine's endpoint, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// The Docker.DotNet client, for engine calls this library does not wrap (other capabilities' containers, networks,
    /// volumes). Prefer <see cref="CallAsync{T}"/>, which turns an engine that does not answer into one line.
    /// </summary>
    public DockerClient Client { get; }

    /// <summary>Connects to <paramref name="endpoint"/>, or to <c>DOCKER_HOST</c>, or to the default socket.</summary>
    public static DockerConnection Open(Uri? endpoint = null) => Open(endpoint, TimeSpan.FromMinutes(30));

    /// <summary>As <see cref="Open(Uri?)"/>, with <paramref name="timeout"/> as the longest any one engine call may take.</summary>
    public static DockerConnection Open(Uri? endpoint, TimeSpan timeout)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var uri = endpoint ?? new Uri(string.IsNullOrEmpty(host) ? DefaultEndpoint : host);
        var client = new DockerClientBuilder().WithEndpoint(uri).WithTimeout(timeout).Build();
        return new DockerConnection(client, uri);
    }

    /// <summary>
    /// Runs an engine call, turning "nobody answers" into a <see cref="DockerEngineUnavailableException"/> with one
    /// actionable line. The engine's own errors stay <see cref="DockerApiException"/>s (see <see cref="MessageOf"/>).
    /// </summary>
    public async Task<T> CallAsync<T>(Func<DockerClient, Task<T>> call)
    {
        try
        {
            return await call(Client);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>As <see cref="CallAsync{T}"/>, for calls without a result.</summary>
    public async Task CallAsync(Func<DockerClient, Task> call) =>
        await CallAsync(async c =>
        {
            await call(c);
            return true;
        });

    /// <summary>The engine's own message from an API error (its JSON <c>message</c>), or the status code.</summary>
    public static string MessageOf(DockerApiException e) => ImageBuilder.ApiMessage(e);

    private DockerEngineUnavailableException Unavailable(Exception e) =>
        new(
            $"No Docker engine answers at {Endpoint}: {Innermost(e).Message}. Start one with eng/docker-engine.sh, or set DOCKER_HOST to a running engine (default {DefaultEndpoint}).",
            e);

    private static bool IsUnreachable(Exception e) => e switch
    {
        HttpRequestException { InnerException: SocketException or IOException } => true,
        HttpRequestException h when h.StatusCode is null && h.Message.Contains("Connection", StringComparison.OrdinalIgnoreCase) => true,
        SocketException => true,
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
