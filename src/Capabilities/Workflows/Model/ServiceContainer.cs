namespace Pipeline.Workflows.Model;

/// <summary>
/// A service container the job's steps reach (<c>services:</c>), e.g. a PostgreSQL for integration tests. On a Linux
/// runner the steps reach it on <c>localhost</c> through <see cref="Ports"/> (<c>5432:5432</c>).
/// </summary>
public sealed record ServiceContainer(string Image)
{
    public IReadOnlyDictionary<string, string> Env { get; init; } = Maps.Empty;

    /// <summary><c>host:container</c> mappings, or a container port alone.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    /// <summary>Docker create options, e.g. a health check so steps start only when the service is ready.</summary>
    public string? Options { get; init; }

    public IReadOnlyList<string> Volumes { get; init; } = [];
}
