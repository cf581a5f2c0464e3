using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>
/// What the Process platform runs: the published service's folder. It holds no image, so a deploy with a migrations
/// command is refused here, before anything changes.
/// </summary>
internal sealed class PublishedFolder(string environment) : IReleaseSource
{
    public Task<string> ResolveAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MigrationsCommand is { Count: > 0 } command)
        {
            throw new DeploySettingsException(
                $"environment '{environment}' runs on the process platform, which runs no image, so it cannot run the migrations command '{string.Join(' ', command)}' from one: deploy it on the docker platform, or declare FluentMigrator migrations");
        }

        return spec.PublishDirectory is { } folder && Directory.Exists(folder)
            ? Task.FromResult(folder)
            : throw new DeploySettingsException(
                $"environment '{environment}' runs the published service, but {spec.PublishDirectory ?? "no publish folder"} does not exist: run Publish first (or deploy without --skip Publish)");
    }
}
