using Pipeline.Migrations.Catalog;

namespace Pipeline.Migrations.Planning;

/// <summary>A migration to run, with the script it would run.</summary>
internal sealed record PlanStep(CatalogMigration Migration, MigrationDirection Direction, MigrationScript Script)
{
    public PlannedMigration ToPlanned() =>
        new(Migration.Identity, Direction, Migration.InTransaction, Script.Statements, Script.Operations);
}

/// <summary>The ordered migrations a request resolves to, given what is applied.</summary>
internal sealed record MigrationPlan(MigrationRequest Request, long StartVersion, IReadOnlyList<PlanStep> Steps);
