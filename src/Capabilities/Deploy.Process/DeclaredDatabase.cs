using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>The Process platform's migrations target: the declared database, <c>{data}</c> expanded to the environment's data folder.</summary>
internal sealed class DeclaredDatabase(MigrationTarget? declared, LocalEnvironmentFolder folder) : IMigrationsTarget
{
    public Task<MigrationTarget?> ResolveAsync(CancellationToken cancellationToken) =>
        Task.FromResult(declared is { } database ? database with { ConnectionString = folder.ExpandData(database.ConnectionString) } : null);
}
