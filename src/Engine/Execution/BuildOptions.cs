namespace Pipeline.Engine.Execution;

/// <summary>Where a build session reads its environment from and writes to; tests pass their own.</summary>
public sealed record BuildOptions
{
    /// <summary>The root (holding <c>.nuke/</c>); found upward from the current directory when null.</summary>
    public string? RootDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public required TextWriter Output { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Route Console.Out/Error through the masking sink for the session (the process entry point does).</summary>
    public bool RedirectConsole { get; init; }
}
