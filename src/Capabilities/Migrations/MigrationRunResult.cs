namespace Pipeline.Migrations;

/// <summary>What a run did.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="StartVersion">The highest applied version before the run (0 for none).</param>
/// <param name="EndVersion">The highest applied version after the run.</param>
/// <param name="Executed">The migrations this run applied or reverted, in order.</param>
/// <param name="LockWait">How long this run waited for another runner's lock.</param>
/// <param name="WaitedForLock">True when another runner held the lock when this one asked for it.</param>
/// <param name="AcceptedDrift">Applied migrations whose changed checksum was accepted (<see cref="MigratorOptions.AcceptDrift"/>).</param>
public sealed record MigrationRunResult(
    MigrationRequest Request,
    long StartVersion,
    long EndVersion,
    IReadOnlyList<ExecutedMigration> Executed,
    TimeSpan LockWait,
    bool WaitedForLock,
    IReadOnlyList<MigrationIdentity> AcceptedDrift)
{
    /// <summary>One line for the console and the step summary.</summary>
    public string Summary =>
        (Executed.Count == 0 ? $"database already at version {EndVersion}; nothing to do for {Request}" :
            $"{(Request.Direction == MigrationDirection.Up ? "applied" : "reverted")} {Executed.Count} migration{(Executed.Count == 1 ? "" : "s")}: version {StartVersion} -> {EndVersion}")
        + (WaitedForLock ? $" (waited {LockWait.TotalSeconds:0.0} s for another runner's lock)" : "");
}

/// <summary>A migration a run applied (Up) or reverted (Down), with the statements it sent.</summary>
public sealed record ExecutedMigration(
    MigrationIdentity Migration,
    MigrationDirection Direction,
    IReadOnlyList<string> Statements,
    bool InTransaction,
    TimeSpan Duration);

/// <summary>Names a migration for humans: version and class.</summary>
public sealed record MigrationIdentity(long Version, string ClassName, string Description)
{
    public override string ToString() => $"{Version} {ClassName}";
}
