namespace Pipeline.Migrations;

/// <summary>The kinds of contract changes the expand/contract guard refuses by default.</summary>
public enum BreakingChangeKind
{
    DropTable,
    DropColumn,
    RenameTable,
    RenameColumn,

    /// <summary>ADD COLUMN ... NOT NULL without DEFAULT on an existing table.</summary>
    NotNullWithoutDefault,

    /// <summary>ALTER COLUMN ... SET NOT NULL on an existing nullable column.</summary>
    SetNotNull,

    /// <summary>ALTER COLUMN ... TYPE that is not clearly widening.</summary>
    TypeNarrowing,

    /// <summary>The migration's attribute says BreakingChange = true.</summary>
    MarkedBreaking,
}

/// <summary>A destructive change in a pending migration that the running (blue) version may not survive.</summary>
/// <param name="Migration">The pending migration.</param>
/// <param name="Kind">What kind of contract change it is.</param>
/// <param name="Target">The table or table.column concerned.</param>
/// <param name="Statement">The statement's first line.</param>
/// <param name="Detail">What it does and why it breaks the blue version.</param>
public sealed record BreakingChange(MigrationIdentity Migration, BreakingChangeKind Kind, string Target, string Statement, string Detail)
{
    public string Explain() => $"migration {Migration} {Detail} [{Statement}]";
}
