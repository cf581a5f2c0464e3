using System.Text.RegularExpressions;
using Pipeline.Migrations.Database;

namespace Pipeline.Migrations.Guard;

/// <summary>A pending up migration as the guard sees it.</summary>
internal sealed record GuardInput(MigrationIdentity Migration, bool IsMarkedBreaking, IReadOnlyList<string> Sql);

/// <summary>
/// Finds contract changes in pending SQL: during a blue/green deploy the blue version keeps running on the migrated
/// schema, so a drop, a rename, a new NOT NULL without default or a narrower type breaks it. Tables created by the same
/// pending migrations are new to blue and exempt. Additive changes pass.
/// </summary>
internal static partial class ExpandContractGuard
{
    private const string Ident = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private const string QualifiedName = Ident + @"(?:\s*\.\s*" + Ident + ")?";

    private static readonly HashSet<string> ConstraintWords = new(StringComparer.OrdinalIgnoreCase) { "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE" };

    public static IReadOnlyList<BreakingChange> Analyse(IEnumerable<GuardInput> pending, IReadOnlyDictionary<(string Table, string Column), ColumnInfo> columns)
    {
        var changes = new List<BreakingChange>();
        var newTables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var migration in pending)
        {
            if (migration.IsMarkedBreaking)
            {
                changes.Add(new BreakingChange(migration.Migration, BreakingChangeKind.MarkedBreaking, "-", "[Migration(..., BreakingChange = true)]", "is marked BreakingChange in its [Migration] attribute"));
            }

            foreach (var statement in migration.Sql.SelectMany(SqlStatements.Split))
            {
                changes.AddRange(AnalyseStatement(migration.Migration, statement, newTables, columns));
            }
        }

        return changes;
    }

    private static IEnumerable<BreakingChange> AnalyseStatement(
        MigrationIdentity migration,
        string statement,
        HashSet<string> newTables,
        IReadOnlyDictionary<(string Table, string Column), ColumnInfo> columns)
    {
        BreakingChange Change(BreakingChangeKind kind, string target, string detail) =>
            new(migration, kind, target, statement.Length > 160 ? statement[..160] + "..." : statement, detail);

        if (CreateTable().Match(statement) is { Success: true } create)
        {
            newTables.Add(TableName(create.Groups["name"].Value));
            yield break;
        }

        if (DropTable().Match(statement) is { Success: true } drop)
        {
            foreach (var name in SqlStatements.SplitTopLevel(drop.Groups["names"].Value).Select(TableName).Where(t => !newTables.Contains(t)))
            {
                yield return Change(BreakingChangeKind.DropTable, name, $"drops table {name}, which the blue version still reads and writes");
            }

            yield break;
        }

        if (AlterTable().Match(statement) is not { Success: true } alter)
        {
            yield break;
        }

        var table = TableName(alter.Groups["name"].Value);
        var rest = alter.Groups["rest"].Value;
        if (newTables.Contains(table))
        {
            if (RenameTo().Match(rest) is { Success: true } renamedNew)
            {
                newTables.Add(Unquote(renamedNew.Groups["new"].Value));
            }

            yield break;
        }

        if (RenameTo().Match(rest) is { Success: true } renameTable)
        {
            yield return Change(BreakingChangeKind.RenameTable, table, $"renames table {table} to {Unquote(renameTable.Groups["new"].Value)}, so the blue version no longer finds it");
            yield break;
        }

        if (RenameColumn().Match(rest) is { Success: true } renameColumn && !ConstraintWords.Contains(renameColumn.Groups["old"].Value))
        {
            var column = Unquote(renameColumn.Groups["old"].Value);
            yield return Change(BreakingChangeKind.RenameColumn, $"{table}.{column}", $"renames column {table}.{column} to {Unquote(renameColumn.Groups["new"].Value)}, so the blue version no longer finds it");
            yield break;
        }

        foreach (var clause in SqlStatements.SplitTopLevel(rest))
        {
            if (DropColumn().Match(clause) is { Success: true } dropColumn && !ConstraintWords.Contains(dropColumn.Groups["col"].Value))
            {
                var column = Unquote(dropColumn.Groups["col"].Value);
                yield return Change(BreakingChangeKind.DropColumn, $"{table}.{column}", $"drops column {table}.{column}, which the blue version still reads and writes");
            }
            else if (AddColumn().Match(clause) is { Success: true } add && !ConstraintWords.Contains(add.Groups["col"].Value))
            {
                var definition = add.Groups["def"].Value;
                if (NotNull().IsMatch(definition) && !HasValueSource().IsMatch(definition))
                {
                    var column = Unquote(add.Groups["col"].Value);
                    yield return Change(BreakingChangeKind.NotNullWithoutDefault, $"{table}.{column}", $"adds NOT NULL column {table}.{column} without a DEFAULT to an existing table, so the blue version's inserts fail (add it nullable or with a default)");
                }
            }
            else if (AlterColumn().Match(clause) is { Success: true } alterColumn)
            {
                var column = Unquote(alterColumn.Groups["col"].Value);
                var action = alterColumn.Groups["action"].Value;
                columns.TryGetValue((table, column), out var existing);
                if (SetNotNull().IsMatch(action) && existing is not { IsNullable: false })
                {
                    yield return Change(BreakingChangeKind.SetNotNull, $"{table}.{column}", $"makes {table}.{column} NOT NULL, so the blue version's writes of NULL fail");
                }
                else if (ChangeType().Match(action) is { Success: true } type)
                {
                    var target = ColumnType.Parse(type.Groups["type"].Value);
                    if (existing is null)
                    {
                        yield return Change(BreakingChangeKind.TypeNarrowing, $"{table}.{column}", $"changes the type of {table}.{column} to {target.Text} and its current type is unknown, so it may narrow");
                    }
                    else if (ColumnType.Parse(existing.DataType, existing.MaxLength) is var current && !target.Holds(current))
                    {
                        yield return Change(BreakingChangeKind.TypeNarrowing, $"{table}.{column}", $"changes {table}.{column} from {current.Text} to {target.Text}, which may not hold the values the blue version writes");
                    }
                }
            }
        }
    }

    private static string TableName(string qualified)
    {
        var parts = Regex.Matches(qualified.Trim(), Ident);
        return Unquote(parts[^1].Value);
    }

    /// <summary>PostgreSQL folds unquoted names to lower case; quoted names are kept as written.</summary>
    private static string Unquote(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier.ToLowerInvariant();

    [GeneratedRegex(@"^CREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + QualifiedName + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?<names>" + QualifiedName + @"(?:\s*,\s*" + QualifiedName + ")*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DropTable();

    [GeneratedRegex(@"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?<name>" + QualifiedName + @")\s+(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"^RENAME\s+TO\s+(?<new>" + Ident + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RenameTo();

    [GeneratedRegex(@"^RENAME\s+(?:COLUMN\s+)?(?<old>" + Ident + @")\s+TO\s+(?<new>" + Ident + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RenameColumn();

    [GeneratedRegex(@"^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(?<col>" + Ident + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DropColumn();

    [GeneratedRegex(@"^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?<col>" + Ident + @")\s+(?<def>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AddColumn();

    [GeneratedRegex(@"^ALTER\s+(?:COLUMN\s+)?(?<col>" + Ident + @")\s+(?<action>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AlterColumn();

    [GeneratedRegex(@"\bNOT\s+NULL\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotNull();

    [GeneratedRegex(@"\b(?:DEFAULT|GENERATED|SMALLSERIAL|SERIAL|BIGSERIAL|SERIAL2|SERIAL4|SERIAL8)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HasValueSource();

    [GeneratedRegex(@"^SET\s+NOT\s+NULL\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetNotNull();

    [GeneratedRegex(@"^(?:SET\s+DATA\s+)?TYPE\s+(?<type>.+?)(?:\s+(?:USING|COLLATE)\b.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ChangeType();
}
