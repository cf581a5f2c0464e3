using Pipeline.Migrations.Catalog;
using Pipeline.Migrations.Database;

namespace Pipeline.Migrations.Drift;

/// <summary>An applied migration, its stored checksum (null if applied before Pipeline recorded one) and its checksum now.</summary>
internal sealed record ChecksumComparison(CatalogMigration Migration, string? Stored, string Current)
{
    public bool IsDrifted => Stored is not null && !string.Equals(Stored, Current, StringComparison.Ordinal);
}

/// <summary>Regenerates the up SQL of applied migrations and compares its SHA-256 with the stored one.</summary>
internal static class DriftDetector
{
    public static IReadOnlyList<ChecksumComparison> Compare(MigrationCatalog catalog, IReadOnlyList<AppliedRow> applied)
    {
        var known = catalog.Migrations.ToDictionary(m => m.Version);
        return applied
            .Where(row => known.ContainsKey(row.Version))
            .Select(row => new ChecksumComparison(known[row.Version], row.Checksum, catalog.Generate(known[row.Version], MigrationDirection.Up).Checksum()))
            .ToList();
    }

    public static string Describe(IEnumerable<ChecksumComparison> drifted) =>
        string.Join(", ", drifted.Select(d => $"{d.Migration.Identity} (stored {d.Stored![..12]}, now {d.Current[..12]})"));
}
