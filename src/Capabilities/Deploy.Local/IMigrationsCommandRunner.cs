namespace Pipeline.Deploy.Local;

/// <summary>
/// Runs a deploy's migrations command (<see cref="Environments.DeploySpec.MigrationsCommand"/>) from the release's image
/// before traffic moves: only a platform that runs images has one.
/// </summary>
public interface IMigrationsCommandRunner
{
    Task RunAsync(Release release, IReadOnlyList<string> command, CancellationToken cancellationToken);
}
