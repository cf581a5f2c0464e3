namespace Pipeline.Deploy.Docker;

/// <summary>How the Docker platform runs the app's image.</summary>
public sealed record DockerPlatformOptions
{
    /// <summary>The port the app listens on inside its container (published on a random 127.0.0.1 port).</summary>
    public int ContainerPort { get; init; } = 8080;

    /// <summary>The readiness path polled before traffic moves and while baking.</summary>
    public string ReadinessPath { get; init; } = "/health/ready";

    /// <summary>
    /// The container health check command (exec form), e.g. ["dotnet", "/app/Pipeline.Sample.dll", "--healthcheck"];
    /// null keeps the image's HEALTHCHECK command (with <see cref="HealthCheckInterval"/>).
    /// </summary>
    public IReadOnlyList<string>? HealthCheckCommand { get; init; }

    /// <summary>How often the container health check runs.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory limit per app container, in bytes.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>CPU limit per app container, in CPUs (0.5 = half a core).</summary>
    public double Cpus { get; init; } = 1.0;

    /// <summary>Environment variables for every colour (e.g. Database__Provider=postgres).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The environment's PostgreSQL container; null runs the app without one.</summary>
    public DockerDatabaseOptions? Database { get; init; }

    /// <summary>How long in-flight requests may take to finish on a colour leaving service.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopping container gets after SIGTERM before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Docker engine; null means DOCKER_HOST, else unix:///var/run/docker.sock.</summary>
    public Uri? DockerEndpoint { get; init; }

    /// <summary>Null when valid; otherwise one line naming the wrong setting.</summary>
    public string? Validate() => this switch
    {
        { ContainerPort: < 1 or > 65535 } => $"docker container port {ContainerPort} is outside 1..65535",
        { MemoryBytes: < 6 * 1024 * 1024 } => $"docker memory limit {MemoryBytes} bytes is below the engine's 6 MiB minimum",
        { Cpus: var c } when double.IsNaN(c) || c <= 0 => $"docker CPU limit {Cpus} must be more than 0",
        { HealthCheckInterval: var i } when i < TimeSpan.FromMilliseconds(1) => $"health check interval {i} must be at least 1 ms",
        { ReadinessPath: var p } when !p.StartsWith('/') => $"readiness path '{p}' must start with '/'",
        { Database.HostPort: < 0 or > 65535 } => $"database host port {Database.HostPort} is outside 0..65535",
        _ => null,
    };
}
