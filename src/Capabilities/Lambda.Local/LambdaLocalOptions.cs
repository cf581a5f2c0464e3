namespace Pipeline.Lambda.Local;

/// <summary>How a local Lambda is started. Only <see cref="StateDirectory"/>, <see cref="AccessKey"/> and <see cref="SecretKey"/> are required.</summary>
public sealed record LambdaLocalOptions
{
    /// <summary>Loopback port of the Lambda and CloudWatch APIs; 0 lets the system choose (the endpoint says which).</summary>
    public int Port { get; init; }

    /// <summary>Where state.json and the log live; a restart with the same directory resumes, its warm containers included.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The access key id requests must be signed with.</summary>
    public required string AccessKey { get; init; }

    /// <summary>The secret key requests must be signed with.</summary>
    public required string SecretKey { get; init; }

    /// <summary>The region requests must be scoped to and ARNs carry.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in ARNs.</summary>
    public string Account { get; init; } = "000000000000";

    /// <summary>
    /// How many real seconds one CloudWatch minute lasts: metric periods and alarm evaluation are scaled by it (60 is real
    /// time, 1 turns a 60-second period into one second for tests and rehearsals). Timestamps stay real.
    /// </summary>
    public double SecondsPerMinute { get; init; } = 60;

    /// <summary>How long a new function stays Pending and an update InProgress at least, as Lambda's do while it prepares the image.</summary>
    public TimeSpan UpdateDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Execution environments (containers) per function version at most; further concurrent invocations wait for one.</summary>
    public int MaxEnvironments { get; init; } = 10;

    /// <summary>An execution environment idle this long is stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Loopback ports for function URLs, by <c>function:alias</c> (or <c>function</c> for an unqualified URL); a URL not
    /// listed gets a port the system picks. The port is kept across restarts.
    /// </summary>
    public IReadOnlyDictionary<string, int> FunctionUrlPorts { get; init; } = new Dictionary<string, int>();

    /// <summary>When set, every API request and its answer are appended to this file as one JSON line.</summary>
    public string? ExchangeLog { get; init; }

    /// <summary>The Docker engine; null = DOCKER_HOST or the default socket. It must share this machine's loopback (containers use the host network).</summary>
    public Uri? DockerEndpoint { get; init; }

    /// <summary>One CloudWatch duration in seconds as real time, scaled by <see cref="SecondsPerMinute"/>.</summary>
    public TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds * SecondsPerMinute / 60);
}
