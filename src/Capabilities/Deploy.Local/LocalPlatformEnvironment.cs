using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Environments;

namespace Pipeline.Deploy.Local;

/// <summary>
/// The environment of a platform that runs on this machine behind the local edge (Process, Docker): state, records,
/// release copies and the deploy lock live in its <see cref="LocalEnvironmentFolder"/>, and the driven
/// <see cref="DeployEngine"/> performs the stages. The platform composes what differs: what a deploy runs
/// (<see cref="IReleaseSource"/>), and, once the folder is open, its <see cref="LocalPlatformParts"/> — the
/// <see cref="LocalPlatform"/>, where migrations go, and Down.
/// </summary>
public sealed class LocalPlatformEnvironment : IPlatformEnvironment
{
    private static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromSeconds(60);

    private readonly IReleaseSource source;
    private readonly ILogger logger;
    private readonly Lazy<LocalEnvironmentFolder> folder;
    private readonly Lazy<LocalPlatformParts> parts;

    /// <param name="context">The environment as the build opens it.</param>
    /// <param name="platform">The platform's short name ("process", "docker").</param>
    /// <param name="edgePorts">The loopback ports of the environment's edge.</param>
    /// <param name="source">What a deploy runs.</param>
    /// <param name="open">The platform's parts for the environment's folder, made on first use (the folder is created then too).</param>
    public LocalPlatformEnvironment(
        EnvironmentContext context, string platform, LocalEdgePorts edgePorts, IReleaseSource source,
        Func<LocalEnvironmentFolder, ILogger, LocalPlatformParts> open)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(edgePorts);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(open);
        Name = context.Name;
        Platform = platform;
        this.source = source;
        logger = context.LoggerFactory.CreateLogger("Deploy");
        folder = new Lazy<LocalEnvironmentFolder>(() => LocalEnvironmentFolder.Open(context.RootDirectory, context.Name, edgePorts));
        parts = new Lazy<LocalPlatformParts>(() => open(Folder, logger));
    }

    public string Name { get; }

    public string Platform { get; }

    public Uri? PublicUrl => Folder.PublicUrl;

    /// <summary>The environment's folder, records and state.</summary>
    public LocalEnvironmentFolder Folder => folder.Value;

    private LocalPlatformParts Parts => parts.Value;

    private LocalFileLedger Ledger => new(Folder, logger);

    public Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken) => AsDeployErrorAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        var release = new Release(spec.Version, await source.ResolveAsync(spec, cancellationToken), spec.GitSha, spec.ImageDigest)
        {
            Environment = spec.Variables,
        };
        if (spec.MigrationsCommand is { Count: > 0 } && Parts.MigrationsCommands is null)
        {
            throw new DeploySettingsException($"environment '{Name}' on the {Platform} platform cannot run a migrations command");
        }

        return await new DeployEngine(Parts.Platform, Ledger, logger).DeployAsync(ToRequest(spec, release), cancellationToken);
    });

    /// <summary>The release of the environment's last successful deployment or rollback, from its records.</summary>
    public async Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken) =>
        (await Ledger.ListAsync(cancellationToken)).LastOrDefault(r => r.Succeeded)?.Release;

    public Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken) => AsDeployErrorAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(template);
        // A rollback returns to code that ran on the current schema: a migrations command from an image does not run again.
        var request = ToRequest(template with { MigrationsCommand = null }, new Release("rollback", "rollback")) with { Bake = template.Bake with { Duration = TimeSpan.Zero } };
        return await new DeployEngine(Parts.Platform, Ledger, logger).RollbackAsync(request, cancellationToken);
    });

    public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => AsDeployErrorAsync(async () =>
        (await EnvironmentStatus.ReadAsync(Folder, deployments, cancellationToken, Parts.Platform.ObserveAsync, Parts.Platform.ColourProblemAsync)).ToText());

    public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) =>
        AsDeployErrorAsync(() => Parts.Teardown.DownAsync(deletingData: false, cancellationToken));

    /// <summary>Down, deleting the platform's data too (the Docker platform's volumes), then the data folder (the local database).</summary>
    public Task<IReadOnlyList<string>> DownDeletingDataAsync(CancellationToken cancellationToken) => AsDeployErrorAsync<IReadOnlyList<string>>(async () =>
    {
        var done = new List<string>(await Parts.Teardown.DownAsync(deletingData: true, cancellationToken));
        if (Directory.Exists(Folder.DataDirectory))
        {
            Directory.Delete(Folder.DataDirectory, recursive: true);
            done.Add($"data folder {Folder.DataDirectory}: deleted");
        }

        return done;
    });

    public ValueTask DisposeAsync()
    {
        if (parts.IsValueCreated && parts.Value.Platform is IDisposable platform)
        {
            platform.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The edge is this folder's detail: its errors leave as <see cref="DeployException"/>s with the remedy in the
    /// deploy core's terms, so the build words one command for every platform.
    /// </summary>
    private static async Task<T> AsDeployErrorAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (EdgeException e)
        {
            throw new DeployException(e.Message, e) { Remedy = LocalEdge.RemedyOf(e) };
        }
    }

    private DeployRequest ToRequest(DeploySpec spec, Release release) => new(release)
    {
        HealthTimeout = spec.HealthTimeout ?? DefaultHealthTimeout,
        Shift = spec.Shift,
        Bake = spec.Bake,
        SmokeTests = spec.SmokeTests,
        Initiator = spec.Initiator ?? new DeployRequest(release).Initiator,
        BeforeTrafficShift = spec.MigrationsCommand is { Count: > 0 } command && Parts.MigrationsCommands is { } commands
            ? ct => commands.RunAsync(release, command, ct)
            : spec.Migrate is { } migrate
                ? async ct => await migrate(await Parts.Migrations.ResolveAsync(ct), ct)
                : null,
    };
}
