namespace Pipeline.Deploy.Environments;

/// <summary>The database a platform's migrations hook changes: engine ("postgresql", "sqlite") and connection string.</summary>
public sealed record MigrationTarget(string Engine, string ConnectionString)
{
    public override string ToString() => $"{Engine} database";
}
