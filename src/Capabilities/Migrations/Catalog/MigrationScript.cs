using System.Data;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Migrations.Catalog;

/// <summary>One step of a generated migration: SQL, or a C# operation (Execute.WithConnection) that has none.</summary>
internal abstract record ScriptStep;

internal sealed record SqlStep(string Sql) : ScriptStep;

internal sealed record OperationStep(string Description, Action<IDbConnection, IDbTransaction?> Operation) : ScriptStep;

/// <summary>The steps FluentMigrator generated for one direction of one migration.</summary>
internal sealed record MigrationScript(IReadOnlyList<ScriptStep> Steps)
{
    public IReadOnlyList<string> Statements => Steps.OfType<SqlStep>().Select(s => s.Sql).ToList();

    public IReadOnlyList<string> Operations => Steps.OfType<OperationStep>().Select(s => s.Description).ToList();

    /// <summary>SHA-256 (hex) of the statements and operation descriptions, in order.</summary>
    public string Checksum()
    {
        var text = string.Join('\n', Steps.Select(s => s switch
        {
            SqlStep sql => sql.Sql.Replace("\r\n", "\n", StringComparison.Ordinal),
            OperationStep op => "-- operation: " + op.Description,
            _ => "",
        }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
