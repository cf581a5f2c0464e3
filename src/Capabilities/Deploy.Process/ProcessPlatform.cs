using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>
/// The default local platform: runs a published .NET app (a folder with its dll) as OS processes, one per colour on a
/// free loopback port, behind the environment's edge proxy. Colours alternate blue/green per deploy. Each release is
/// copied to <c>releases/&lt;version&gt;</c> first, so rebuilding the publish folder never changes what a running colour
/// runs, and an on-demand rollback can start it again. The processes and the edge outlive the build: they are the
/// environment, described by <c>current.json</c> and reconciled with reality before every deploy. The stages are
/// <see cref="LocalPlatform"/>'s; the processes are <see cref="ProcessInstances"/>.
/// </summary>
public sealed class ProcessPlatform : LocalPlatform, IEnvironmentTeardown
{
    private readonly ProcessPlatformOptions options;

    public ProcessPlatform(LocalEnvironmentFolder folder, ProcessPlatformOptions options, ILogger logger)
        : base(
            folder,
            new ProcessInstances(folder, options ?? throw new ArgumentNullException(nameof(options)), logger),
            new Readiness(options.ReadinessPath),
            options.DrainTimeout,
            options.Environment,
            logger)
    {
        this.options = options;
    }

    /// <summary>
    /// Down: stops both colours and the edge, and forgets what ran (current.json). Keeps the records, the releases and
    /// the database in <see cref="LocalEnvironmentFolder.DataDirectory"/>. Returns one line per thing stopped.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var observed = await ObserveAsync(RouteTable.Empty, cancellationToken);
        foreach (var (colour, state) in observed.State.Colours.Select(c => (c.Key, c.Value))
                     .Concat(observed.Untracked.Select(u => (u.Colour.ToText(), u.State))))
        {
            if (state.Pid is { } pid && EdgeColours.TryParse(colour, out var parsed))
            {
                var how = await Instances.StopAsync(parsed.Value, state, cancellationToken);
                done.Add($"{colour} ({state.Version}, pid {pid}): {how}");
            }
        }

        Folder.WriteState(new EnvironmentState { Platform = Name });
        done.AddRange(await LocalEdge.StopAsync(Folder, options.StopGracePeriod, cancellationToken));
        Edge.Forget();
        return done;
    }

    /// <summary>Down; the Process platform keeps no data outside the environment's data folder.</summary>
    Task<IReadOnlyList<string>> IEnvironmentTeardown.DownAsync(bool deletingData, CancellationToken cancellationToken) => DownAsync(cancellationToken);
}
