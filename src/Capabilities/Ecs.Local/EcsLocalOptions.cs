namespace Pipeline.Ecs.Local;

/// <summary>How a local ECS is started. Only <see cref="StateDirectory"/>, <see cref="AccessKey"/> and <see cref="SecretKey"/> are required.</summary>
public sealed record EcsLocalOptions
{
    /// <summary>Loopback port of the ECS API; 0 lets the system choose (the endpoint says which).</summary>
    public int Port { get; init; }

    /// <summary>Where state.json, the exchange log and the per-service edges live; a restart with the same directory resumes.</summary>
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
    /// How many real seconds one API minute lasts (bake times, step bakes, hook timeouts): 60 is real time, 1 turns
    /// minutes into seconds for tests and rehearsals.
    /// </summary>
    public double SecondsPerMinute { get; init; } = 60;

    /// <summary>Alarm name -> rule on the new revision's production traffic, e.g. "5xx > 5% over 10s" or "p99 > 500ms over 10s".</summary>
    public IReadOnlyDictionary<string, string> Alarms { get; init; } = new Dictionary<string, string>();

    /// <summary>When set, every request accepted and every response returned is appended to this file as one JSON line.</summary>
    public string? ExchangeLog { get; init; }

    /// <summary>Credentials for pulling task images, by registry host (e.g. 127.0.0.1:5000 or an ECR-style host).</summary>
    public IReadOnlyList<RegistryCredential> Registries { get; init; } = [];

    /// <summary>The Docker engine; null = DOCKER_HOST or the default socket.</summary>
    public Uri? DockerEndpoint { get; init; }

    /// <summary>Failed tasks of a deployment's new revision after which it rolls back (ECS's circuit breaker minimum is 3).</summary>
    public int TaskFailureThreshold { get; init; } = 3;

    /// <summary>How long (real time) a new revision may take to have all its tasks healthy before the deployment rolls back.</summary>
    public TimeSpan HealthyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Test hook: operations (e.g. <c>RunTask</c>) whose first answer is lost — the call takes effect, then the connection is
    /// cut before the answer — so that a client's retry of a call whose answer it never got can be tested end to end.
    /// </summary>
    public IReadOnlyList<string> DropFirstResponseOf { get; init; } = [];

    /// <summary>One API duration in minutes, scaled by <see cref="SecondsPerMinute"/>.</summary>
    public TimeSpan Minutes(double minutes) => TimeSpan.FromSeconds(minutes * SecondsPerMinute);
}

/// <summary>Credentials the local ECS uses to pull images from <paramref name="Host"/>.</summary>
public sealed record RegistryCredential(string Host, string Username, string Password);
