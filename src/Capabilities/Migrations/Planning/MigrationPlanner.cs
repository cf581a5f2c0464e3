using Pipeline.Migrations.Catalog;
using Pipeline.Migrations.Database;

namespace Pipeline.Migrations.Planning;

/// <summary>Resolves a request against the assembly's migrations and the applied versions.</summary>
internal static class MigrationPlanner
{
    public static MigrationPlan Plan(MigrationRequest request, MigrationCatalog catalog, IReadOnlyList<AppliedRow> applied)
    {
        var known = catalog.Migrations.ToDictionary(m => m.Version);
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        var start = applied.Count == 0 ? 0 : applied.Max(a => a.Version);

        if (request.Direction == MigrationDirection.Up)
        {
            if (request.Version is { } target && target != 0 && !known.ContainsKey(target))
            {
                throw new UnknownMigrationVersionException($"no migration has version {target} in the assembly; nearest known versions: {Nearest(target, catalog)}; pass one of those");
            }

            var pending = catalog.Migrations
                .Where(m => !appliedVersions.Contains(m.Version) && (request.Version is null || m.Version <= request.Version))
                .Select(m => new PlanStep(m, MigrationDirection.Up, catalog.Generate(m, MigrationDirection.Up)))
                .ToList();
            return new MigrationPlan(request, start, pending);
        }

        List<long> toRevert;
        if (request.Steps is { } steps)
        {
            if (steps > applied.Count)
            {
                throw new UnknownMigrationVersionException($"cannot roll back {steps} migrations: only {applied.Count} are applied ({Describe(applied.Select(a => a.Version))}); pass at most {applied.Count}");
            }

            toRevert = applied.Select(a => a.Version).OrderDescending().Take(steps).ToList();
        }
        else
        {
            var target = request.Version!.Value;
            if (target != 0 && !known.ContainsKey(target) && !appliedVersions.Contains(target))
            {
                throw new UnknownMigrationVersionException($"no migration has version {target} in the assembly; nearest known versions: {Nearest(target, catalog)}; pass one of those, or 0 to roll back everything");
            }

            toRevert = applied.Select(a => a.Version).Where(v => v > target).OrderDescending().ToList();
        }

        var unknown = toRevert.Where(v => !known.ContainsKey(v)).ToList();
        if (unknown.Count > 0)
        {
            throw new UnknownMigrationVersionException($"cannot roll back version {Describe(unknown)}: it is applied but not in this assembly (a newer release applied it); roll back with the release that contains it");
        }

        var plan = toRevert
            .Select(v => known[v])
            .Select(m => new PlanStep(m, MigrationDirection.Down, catalog.Generate(m, MigrationDirection.Down)))
            .ToList();
        return new MigrationPlan(request, start, plan);
    }

    private static string Nearest(long target, MigrationCatalog catalog)
    {
        if (catalog.Migrations.Count == 0)
        {
            return "none (the assembly has no migrations)";
        }

        var below = catalog.Migrations.Where(m => m.Version < target).Select(m => m.Version).TakeLast(2);
        var above = catalog.Migrations.Where(m => m.Version > target).Select(m => m.Version).Take(2);
        return Describe(below.Concat(above));
    }

    private static string Describe(IEnumerable<long> versions) => string.Join(", ", versions);
}
