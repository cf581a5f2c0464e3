using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Environments;

namespace Pipeline.Deploy.Local;

/// <summary>
/// The environment of a platform that runs on this machine behind the local edge (Process, Docker): state, records,
/// release copies and the deploy lock live in <c>.pipeline/environments/&lt;name&gt;/</c>, and the driven
/// <see cref="DeployEngine"/> performs the stages. Each platform says how it runs revisions, what it deploys from, and
/// where its migrations go.
/// </summary>
public abstract class LocalPlatformEnvironment : IPlatformEnvironment
{
    private readonly Lazy<LocalEnvironment> local;

    protected LocalPlatformEnvironment(EnvironmentContext context, int publicPort, int testPort)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Logger = context.LoggerFactory.CreateLogger("Deploy");
        local = new Lazy<LocalEnvironment>(() => LocalEnvironment.Open(context.RootDirectory, new EnvironmentDefinition(context.Name, publicPort, testPort)));
    }

    public string Name => Context.Name;

    public abstract string Platform { get; }

    public Uri? PublicUrl => Local.PublicUrl;

    /// <summary>The environment's folder, records and state.</summary>
    public LocalEnvironment Local => local.Value;

    protected EnvironmentContext Context { get; }

    protected ILogger Logger { get; }

    /// <summary>How long a new revision has to become ready unless the deploy says otherwise.</summary>
    protected virtual TimeSpan DefaultHealthTimeout => TimeSpan.FromSeconds(60);

    /// <summary>The platform that runs this environment's revisions (created once, disposed with the environment).</summary>
    protected abstract LocalPlatform Driver { get; }

    public Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken) => AsDeployErrorAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MigrationsCommand is { Count: > 0 } command && !RunsMigrationsCommands)
        {
            throw new DeploySettingsException(
                $"environment '{Name}' runs on the {Platform} platform, which runs no image, so it cannot run the migrations command '{string.Join(' ', command)}' from one: deploy it on the docker platform, or declare FluentMigrator migrations");
        }

        var release = new Release(spec.Version, await ResolveSourceAsync(spec, cancellationToken), spec.GitSha, spec.ImageDigest)
        {
            Environment = spec.Variables,
        };
        return await new DeployEngine(Driver, new LocalFileLedger(Local, Logger), Logger).DeployAsync(ToRequest(spec, release), cancellationToken);
    });

    /// <summary>The release of the environment's last successful deployment or rollback, from its records.</summary>
    public async Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken) =>
        (await new LocalFileLedger(Local, Logger).ListAsync(cancellationToken)).LastOrDefault(r => r.Succeeded)?.Release;

    public Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken) => AsDeployErrorAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(template);
        // A rollback returns to code that ran on the current schema: a migrations command from an image does not run again.
        var request = ToRequest(template with { MigrationsCommand = null }, new Release("rollback", "rollback")) with { Bake = template.Bake with { Duration = TimeSpan.Zero } };
        return await new DeployEngine(Driver, new LocalFileLedger(Local, Logger), Logger).RollbackAsync(request, cancellationToken);
    });

    public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => AsDeployErrorAsync(async () =>
        (await EnvironmentStatus.ReadAsync(Local, deployments, cancellationToken, Driver.ObserveAsync, Driver.ColourProblemAsync)).ToText());

    public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) => AsDeployErrorAsync(() => StopAsync(cancellationToken));

    /// <summary>Stops what the environment runs (Down): the colours, the edge, and whatever else the platform started.</summary>
    protected abstract Task<IReadOnlyList<string>> StopAsync(CancellationToken cancellationToken);

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

    /// <summary>Down, then deletes the data folder (the local database); the Docker platform also removes its volumes.</summary>
    public virtual async Task<IReadOnlyList<string>> DownDeletingDataAsync(CancellationToken cancellationToken)
    {
        var done = new List<string>(await DownAsync(cancellationToken));
        if (Directory.Exists(Local.DataDirectory))
        {
            Directory.Delete(Local.DataDirectory, recursive: true);
            done.Add($"data folder {Local.DataDirectory}: deleted");
        }

        return done;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>What the platform runs for <paramref name="spec"/>: a published folder, an image id or digest.</summary>
    protected abstract Task<string> ResolveSourceAsync(DeploySpec spec, CancellationToken cancellationToken);

    /// <summary>Whether <see cref="RunMigrationsCommandAsync"/> can run a deploy's migrations command from its image.</summary>
    protected virtual bool RunsMigrationsCommands => false;

    /// <summary>Runs a deploy's migrations command (<see cref="DeploySpec.MigrationsCommand"/>) from <paramref name="release"/>'s image.</summary>
    protected virtual Task RunMigrationsCommandAsync(Release release, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        throw new DeploySettingsException($"environment '{Name}' on the {Platform} platform cannot run a migrations command");

    /// <summary>The database the migrations hook changes before traffic moves (null: the build's default).</summary>
    protected abstract Task<MigrationTarget?> MigrationTargetAsync(CancellationToken cancellationToken);

    /// <summary>Expands <c>{data}</c> in a declared value to the environment's data folder.</summary>
    protected string ExpandData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains("{data}", StringComparison.Ordinal))
        {
            return value;
        }

        Directory.CreateDirectory(Local.DataDirectory);
        return value.Replace("{data}", Local.DataDirectory, StringComparison.Ordinal);
    }

    private DeployRequest ToRequest(DeploySpec spec, Release release) => new(release)
    {
        HealthTimeout = spec.HealthTimeout ?? DefaultHealthTimeout,
        Shift = spec.Shift,
        Bake = spec.Bake,
        SmokeTests = spec.SmokeTests,
        Initiator = spec.Initiator ?? new DeployRequest(release).Initiator,
        BeforeTrafficShift = spec.MigrationsCommand is { Count: > 0 } command
            ? ct => RunMigrationsCommandAsync(release, command, ct)
            : spec.Migrate is { } migrate
                ? async ct => await migrate(await MigrationTargetAsync(ct), ct)
                : null,
    };
}
