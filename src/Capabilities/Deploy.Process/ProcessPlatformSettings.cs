using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>
/// A local environment whose revisions run as processes of the published service behind the local edge on
/// 127.0.0.1: <see cref="PublicPort"/> for production, <see cref="TestPort"/> for the test listener.
/// </summary>
public sealed record ProcessPlatformSettings : PlatformSettings
{
    public int PublicPort { get; init; } = 5080;

    public int TestPort { get; init; } = 5081;

    /// <summary>
    /// Environment variables for every revision; <c>{data}</c> in a value becomes the environment's data folder
    /// (e.g. <c>Data Source={data}/sample.db</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The database migrations change before traffic moves (<c>{data}</c> expands as above); null: the build's default.</summary>
    public MigrationTarget? Database { get; init; }

    /// <summary>Drain, grace period, readiness path, releases kept.</summary>
    public ProcessPlatformOptions Options { get; init; } = new();

    public override string Platform => "process";

    public override DeployInputs Inputs => DeployInputs.PublishedService;

    public override Uri? Url => new($"http://127.0.0.1:{PublicPort}/");

    public override string? Validate(string environment) =>
        LocalEnvironmentFolder.Validate(environment, new LocalEdgePorts(PublicPort, TestPort));

    /// <summary>
    /// The environment behind the local edge, its revisions run as processes of the published folder by a
    /// <see cref="ProcessPlatform"/>; migrations change the declared <see cref="Database"/>.
    /// </summary>
    public override IPlatformEnvironment Open(EnvironmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LocalPlatformEnvironment(context, Platform, new LocalEdgePorts(PublicPort, TestPort), new PublishedFolder(context.Name), (folder, logger) =>
        {
            var processes = new ProcessPlatform(folder, Options with
            {
                EntryAssembly = Options.EntryAssembly ?? context.EntryAssembly,
                Environment = Environment.ToDictionary(e => e.Key, e => folder.ExpandData(e.Value)),
            }, logger);
            return new LocalPlatformParts(processes, new DeclaredDatabase(Database, folder), processes);
        });
    }
}
