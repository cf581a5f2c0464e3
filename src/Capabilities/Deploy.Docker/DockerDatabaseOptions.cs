namespace Pipeline.Deploy.Docker;

/// <summary>The PostgreSQL container of a Docker environment: created once, kept across deploys and by Down.</summary>
public sealed record DockerDatabaseOptions
{
    /// <summary>The official image by default; offline machines pass a local one (e.g. pipeline-offline/postgres:15).</summary>
    public string Image { get; init; } = "postgres:17-alpine";

    /// <summary>The database created on first start (POSTGRES_DB).</summary>
    public string DatabaseName { get; init; } = "sample";

    /// <summary>The owner (POSTGRES_USER).</summary>
    public string User { get; init; } = "pipeline";

    /// <summary>Host port on 127.0.0.1 for migrations and tools; 0 lets the engine pick a free one.</summary>
    public int HostPort { get; init; }

    /// <summary>The variable the app containers get the in-network connection string in.</summary>
    public string ConnectionStringVariable { get; init; } = "ConnectionStrings__Default";

    /// <summary>Memory limit of the database container, in bytes.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>How long the database has to accept connections after it starts.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Extra server arguments, e.g. ["-c", "fsync=off"] for throw-away test databases.</summary>
    public IReadOnlyList<string> ServerArguments { get; init; } = [];
}
