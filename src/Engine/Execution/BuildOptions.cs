namespace Pipeline.Engine.Execution;

/// <summary>Where a build session reads its environment from and writes to; tests pass their own.</summary>
public sealed record BuildOptions
{
    /// <summary>The root (holding <c>.nuke/</c>); found upward from the current directory when null.</summary>
    public string? RootDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public required TextWriter Output { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Called right before the first target runs; disposed when the targets are done. The entry point registers its
    /// Ctrl-C/SIGTERM handling here: a plan or --help runs nothing, so the default handling (the process ends) suits it.
    /// </summary>
    public Func<IDisposable>? HandleInterrupts { get; init; }

    /// <summary>Route Console.Out/Error through the masking sink while targets run (the process entry point does).</summary>
    public bool RedirectConsole { get; init; }

    /// <summary>
    /// Put Console.Out/Error back when a redirected session ends (tests run several sessions in one process). The process
    /// entry point does not: reading them first would set the terminal up, milliseconds of every start for nothing.
    /// </summary>
    public bool RestoreConsole { get; init; } = true;
}
