using Pipeline.Deploy.Environments;

namespace Pipeline.Deploy.Local;

/// <summary>The database a deploy's migrations change before traffic moves (the declared one, the environment's container).</summary>
public interface IMigrationsTarget
{
    /// <summary>The database, made ready to migrate; null: the build's default.</summary>
    Task<MigrationTarget?> ResolveAsync(CancellationToken cancellationToken);
}
