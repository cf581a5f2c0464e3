namespace Pipeline.Engine.Graph;

/// <summary>
/// What the engine knows about one target, as plain data: the view that generators (workflows, schema, help) read.
/// Relations hold target names.
/// </summary>
public sealed record TargetInfo(string Name)
{
    public string? Description { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public IReadOnlyList<string> After { get; init; } = [];
    public IReadOnlyList<string> Before { get; init; } = [];
    public IReadOnlyList<string> Triggers { get; init; } = [];
    public IReadOnlyList<string> TriggeredBy { get; init; } = [];
    public bool Unlisted { get; init; }
    public bool ProceedAfterFailure { get; init; }
    public bool AssuredAfterFailure { get; init; }

    /// <summary>Artifact paths (relative to the root) this target writes.</summary>
    public IReadOnlyList<string> Produces { get; init; } = [];

    /// <summary>Artifact paths (relative to the root) this target reads, written by an upstream target.</summary>
    public IReadOnlyList<string> Consumes { get; init; } = [];

    /// <summary>Names of the parameters this target requires (checked before anything runs).</summary>
    public IReadOnlyList<string> RequiredParameters { get; init; } = [];
}
