using System.Data;
using System.Globalization;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Migrations.Catalog;

/// <summary>
/// A FluentMigrator processor that records the SQL its generator produces instead of running it, so the same statements
/// serve the preview, the checksum, the guard and the execution.
/// </summary>
internal sealed class SqlRecorder : ProcessorBase
{
    private readonly List<ScriptStep> _steps = [];
    private readonly string _databaseType;
    private readonly IList<string> _aliases;

    public SqlRecorder(IMigrationGenerator generator, string databaseType, IList<string> aliases)
        : base(generator, NullLogger.Instance, new ProcessorOptions())
    {
        _databaseType = databaseType;
        _aliases = aliases;
    }

    public IReadOnlyList<ScriptStep> Steps => _steps;

    public override string DatabaseType => _databaseType;

    public override IList<string> DatabaseTypeAliases => _aliases;

    public override void Process(PerformDBOperationExpression expression) =>
        _steps.Add(new OperationStep(expression.Description ?? "Execute.WithConnection", (connection, transaction) => expression.Operation(connection, transaction)));

    protected override void Process(string sql)
    {
        if (!string.IsNullOrWhiteSpace(sql))
        {
            _steps.Add(new SqlStep(sql.Trim()));
        }
    }

    public override void Execute(string template, params object[] args) =>
        Process(args.Length == 0 ? template.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal) : string.Format(CultureInfo.InvariantCulture, template, args));

    public override DataSet ReadTableData(string schemaName, string tableName) => throw Unsupported("reading table data");

    public override DataSet Read(string template, params object[] args) => throw Unsupported("Read");

    public override bool Exists(string template, params object[] args) => throw Unsupported("Exists");

    public override bool SchemaExists(string schemaName) => throw Unsupported("Schema.Schema().Exists()");

    public override bool TableExists(string schemaName, string tableName) => throw Unsupported("Schema.Table().Exists()");

    public override bool ColumnExists(string schemaName, string tableName, string columnName) => throw Unsupported("Schema.Table().Column().Exists()");

    public override bool ConstraintExists(string schemaName, string tableName, string constraintName) => throw Unsupported("Schema.Table().Constraint().Exists()");

    public override bool IndexExists(string schemaName, string tableName, string indexName) => throw Unsupported("Schema.Table().Index().Exists()");

    public override bool SequenceExists(string schemaName, string sequenceName) => throw Unsupported("Schema.Sequence().Exists()");

    public override bool DefaultValueExists(string schemaName, string tableName, string columnName, object defaultValue) => throw Unsupported("default value checks");

    protected override void Dispose(bool isDisposing)
    {
    }

    // Queries at generation time would make the preview and the checksum depend on the database's state.
    private static NotSupportedException Unsupported(string what) =>
        new($"{what} is not supported in Pipeline migrations because their SQL must be previewable and checksummed; write idempotent SQL instead (CREATE ... IF NOT EXISTS with Execute.Sql)");
}
