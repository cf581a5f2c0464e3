using System.Text;

namespace Pipeline.Migrations;

/// <summary>The SQL a run would execute, computed without changing the database.</summary>
/// <param name="Request">What was previewed.</param>
/// <param name="Database">Where (host:port/database or file).</param>
/// <param name="Migrations">Each migration that would run, with its statements in order.</param>
/// <param name="BreakingChanges">What the expand/contract guard would refuse (Up only).</param>
/// <param name="Sql">The whole preview as one SQL script (what <see cref="FilePath"/> holds).</param>
/// <param name="FilePath">Where the script was written, or null.</param>
public sealed record MigrationPreview(
    MigrationRequest Request,
    string Database,
    IReadOnlyList<PlannedMigration> Migrations,
    IReadOnlyList<BreakingChange> BreakingChanges,
    string Sql,
    string? FilePath)
{
    /// <summary>Markdown for the GitHub step summary.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("### Migration preview: ").Append(Request).Append(" on `").Append(Database).Append("`\n\n");
        if (Migrations.Count == 0)
        {
            return md.Append("Nothing to run.\n").ToString();
        }

        md.Append(Migrations.Count).Append(" migration(s): ")
            .AppendJoin(", ", Migrations.Select(m => $"`{m.Migration}`")).Append("\n\n");
        foreach (var change in BreakingChanges)
        {
            md.Append("- :warning: ").Append(change.Explain()).Append('\n');
        }

        return md.Append("\n```sql\n").Append(Sql).Append("```\n").ToString();
    }
}

/// <summary>A migration a run would apply or revert.</summary>
/// <param name="Migration">Version and class.</param>
/// <param name="Direction">Up (apply) or Down (revert).</param>
/// <param name="InTransaction">False for TransactionBehavior.None migrations.</param>
/// <param name="Statements">The SQL statements, exactly as they would be sent.</param>
/// <param name="CustomOperations">Descriptions of C# operations (Execute.WithConnection) that have no SQL to show.</param>
public sealed record PlannedMigration(
    MigrationIdentity Migration,
    MigrationDirection Direction,
    bool InTransaction,
    IReadOnlyList<string> Statements,
    IReadOnlyList<string> CustomOperations);
