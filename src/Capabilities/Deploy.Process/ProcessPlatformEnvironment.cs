using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>A Process-platform environment: the published folder runs as processes behind the local edge.</summary>
internal sealed class ProcessPlatformEnvironment(ProcessPlatformSettings settings, EnvironmentContext context)
    : LocalPlatformEnvironment(context, settings.PublicPort, settings.TestPort)
{
    private ProcessPlatform? driver;

    public override string Platform => settings.Platform;

    protected override LocalPlatform Driver => driver ??= new ProcessPlatform(Local, settings.Options with
    {
        EntryAssembly = settings.Options.EntryAssembly ?? Context.EntryAssembly,
        Environment = settings.Environment.ToDictionary(e => e.Key, e => ExpandData(e.Value)),
    }, Logger);

    protected override async Task<IReadOnlyList<string>> StopAsync(CancellationToken cancellationToken) =>
        await ((ProcessPlatform)Driver).DownAsync(cancellationToken);

    protected override Task<string> ResolveSourceAsync(DeploySpec spec, CancellationToken cancellationToken) =>
        spec.PublishDirectory is { } folder && Directory.Exists(folder)
            ? Task.FromResult(folder)
            : throw new DeploySettingsException(
                $"environment '{Name}' runs the published service, but {spec.PublishDirectory ?? "no publish folder"} does not exist: run Publish first (or deploy without --skip Publish)");

    protected override Task<MigrationTarget?> MigrationTargetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(settings.Database is { } database ? database with { ConnectionString = ExpandData(database.ConnectionString) } : null);
}
