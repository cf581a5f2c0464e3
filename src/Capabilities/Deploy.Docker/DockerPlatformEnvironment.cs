using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>A Docker-platform environment: the image runs as containers behind the local edge, beside its PostgreSQL.</summary>
internal sealed class DockerPlatformEnvironment(DockerPlatformSettings settings, EnvironmentContext context)
    : LocalPlatformEnvironment(context, settings.PublicPort, settings.TestPort)
{
    private DockerPlatform? driver;

    public override string Platform => settings.Platform;

    protected override LocalPlatform Driver => Docker;

    private DockerPlatform Docker => driver ??= new DockerPlatform(Local, settings.EffectiveOptions, Logger);

    protected override async Task<IReadOnlyList<string>> StopAsync(CancellationToken cancellationToken) =>
        await Docker.DownAsync(keepDatabase: true, cancellationToken);

    /// <summary>Down removing the database container's volume and password too, then the data folder.</summary>
    public override async Task<IReadOnlyList<string>> DownDeletingDataAsync(CancellationToken cancellationToken)
    {
        var done = new List<string>(await Docker.DownAsync(keepDatabase: false, cancellationToken));
        if (Directory.Exists(Local.DataDirectory))
        {
            Directory.Delete(Local.DataDirectory, recursive: true);
            done.Add($"data folder {Local.DataDirectory}: deleted");
        }

        return done;
    }

    public override ValueTask DisposeAsync()
    {
        driver?.Dispose();
        return base.DisposeAsync();
    }

    protected override async Task<string> ResolveSourceAsync(DeploySpec spec, CancellationToken cancellationToken) =>
        spec.Image
        ?? (spec.BuildImage is { } build
            ? await build(cancellationToken)
            : throw new DeploySettingsException($"environment '{Name}' runs an image: pass --image <id or repository@sha256:…> or let the build create it"));

    protected override bool RunsMigrationsCommands => true;

    protected override Task RunMigrationsCommandAsync(Release release, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        Docker.RunOneOffAsync(release, command, cancellationToken);

    protected override async Task<MigrationTarget?> MigrationTargetAsync(CancellationToken cancellationToken) =>
        await Docker.EnsureDatabaseAsync(cancellationToken) is { } database
            ? new MigrationTarget("postgresql", database.HostConnectionString)
            : null;
}
