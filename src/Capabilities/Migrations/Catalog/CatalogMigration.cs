using FluentMigrator;
using FluentMigrator.Infrastructure;

namespace Pipeline.Migrations.Catalog;

/// <summary>A migration class found in the assembly.</summary>
internal sealed record CatalogMigration(MigrationIdentity Identity, bool InTransaction, bool IsMarkedBreaking, IMigrationInfo Info)
{
    public long Version => Identity.Version;

    public static CatalogMigration From(IMigrationInfo info)
    {
        var type = info.Migration.GetType();
        return new CatalogMigration(
            new MigrationIdentity(info.Version, type.Name, info.Description ?? type.Name),
            info.TransactionBehavior == TransactionBehavior.Default,
            info.IsBreakingChange,
            info);
    }
}
