using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace Pipeline.Testing;

/// <summary>
/// Testcontainers 4.16 speaks Docker API 1.44 unless DOCKER_API_VERSION says otherwise; older engines (Debian's
/// docker.io 20.10 speaks 1.41) refuse it. When the variable is unset, ask the engine which version it speaks.
/// </summary>
public static class DockerApiVersion
{
    public static async Task EnsureNegotiatedAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")))
        {
            return;
        }

        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : null;
        if (socket is null)
        {
            return;
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(unix, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler);
        var version = await client.GetFromJsonAsync<EngineVersion>(new Uri("http://docker/version"));
        if (version?.ApiVersion is { } api && Version.TryParse(api, out var parsed) && parsed < new Version(1, 44))
        {
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", api);
        }
    }

    private sealed record EngineVersion([property: JsonPropertyName("ApiVersion")] string? ApiVersion);
}
