namespace Pipeline.Migrations;

/// <summary>Applied and pending migrations, as the database and the assembly see them.</summary>
public sealed record MigrationStatusReport(string Database, long CurrentVersion, IReadOnlyList<MigrationState> Migrations)
{
    public IEnumerable<MigrationState> Applied => Migrations.Where(m => m.IsApplied);

    public IEnumerable<MigrationState> Pending => Migrations.Where(m => !m.IsApplied);

    /// <summary>A fixed-width table: version, state, checksum prefix, description.</summary>
    public string ToTable()
    {
        var lines = new List<string> { $"{Database} at version {CurrentVersion}", "Version          State     Checksum      Description" };
        foreach (var m in Migrations)
        {
            var state = !m.IsApplied ? "pending" : m.IsDrifted ? "DRIFTED" : m.IsKnown ? "applied" : "unknown";
            lines.Add($"{m.Version,-16} {state,-9} {(m.Checksum ?? "-")[..Math.Min(12, (m.Checksum ?? "-").Length)],-13} {m.Description} ({m.ClassName})");
        }

        return string.Join('\n', lines) + "\n";
    }
}

/// <summary>One migration's state.</summary>
/// <param name="Version">The migration version.</param>
/// <param name="Description">The description (the class name when none is given).</param>
/// <param name="ClassName">The migration class.</param>
/// <param name="IsApplied">Recorded in VersionInfo.</param>
/// <param name="AppliedOn">When it was applied.</param>
/// <param name="Checksum">The stored SHA-256 for applied migrations (null when applied without Pipeline); the computed one for pending ones.</param>
/// <param name="IsKnown">False for a version applied in the database but absent from the assembly (applied by a newer release).</param>
/// <param name="IsDrifted">Applied, and its SQL no longer matches the stored checksum.</param>
public sealed record MigrationState(
    long Version,
    string Description,
    string ClassName,
    bool IsApplied,
    DateTime? AppliedOn,
    string? Checksum,
    bool IsKnown,
    bool IsDrifted);
