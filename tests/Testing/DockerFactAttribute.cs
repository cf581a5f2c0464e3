using System.Net.Sockets;

namespace Pipeline.Testing;

/// <summary>
/// A fact that needs a Docker engine. Without one it is skipped with the reason printed — unless
/// PIPELINE_REQUIRE_DOCKER=1 (set by .ci/run), where it runs and fails, because CI must prove the real path.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngine.UnavailableReason is { } reason && !DockerEngine.Required)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs a Docker engine; see <see cref="DockerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
    {
        if (DockerEngine.UnavailableReason is { } reason && !DockerEngine.Required)
        {
            Skip = reason;
        }
    }
}

public static class DockerEngine
{
    public static bool Required => Environment.GetEnvironmentVariable("PIPELINE_REQUIRE_DOCKER") == "1";

    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when an engine answers; otherwise why the Docker tests are skipped.</summary>
    public static string? UnavailableReason => Reason.Value;

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null; // a TCP engine: let the tests find out
        }

        var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        if (!File.Exists(path))
        {
            return $"no Docker engine: {path} does not exist (start one with eng/docker-engine.sh)";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine answers on {path} ({e.SocketErrorCode}); start one with eng/docker-engine.sh";
        }
    }
}
