using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>What the Process platform runs: the published service's folder.</summary>
internal sealed class PublishedFolder(string environment) : IReleaseSource
{
    public Task<string> ResolveAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.PublishDirectory is { } folder && Directory.Exists(folder)
            ? Task.FromResult(folder)
            : throw new DeploySettingsException(
                $"environment '{environment}' runs the published service, but {spec.PublishDirectory ?? "no publish folder"} does not exist: run Publish first (or deploy without --skip Publish)");
    }
}
