using System.Globalization;
using Pipeline.Components.Environments;
using Pipeline.Components.Versioning;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Engine.Parameters;

namespace Pipeline.Components;

/// <summary>
/// What every deploy target shares: the environment to act on and the deploy parameters (<c>--environment</c>, the
/// traffic shift, the bake thresholds, <c>--image</c>), their checks before anything runs, the version a deploy is
/// recorded under, the report in the step summary and the remedy in the build's own commands. <see cref="IDeploy"/>
/// deploys the build's one service with them, <c>IDeliverServices</c> each declared service.
/// </summary>
public interface IDeploySettings : IHaveEnvironments
{
    [Parameter("Environment to deploy to (one the build declares)")]
    string Environment => Parameters.Get(nameof(Environment), "local");

    [Parameter("Production traffic shift: all-at-once, linear:<percent>:<bake> or canary:<percent>:<bake> (e.g. linear:25:10s)")]
    string Shift => Parameters.Get(nameof(Shift), "all-at-once");

    [Parameter("Seconds to watch the new version after the traffic shift")]
    int BakeSeconds => Parameters.Get(nameof(BakeSeconds), 10);

    [Parameter("Error rate (percent of requests, 0 to 100) during bake that rolls back")]
    double MaxErrorPercent => Parameters.Get(nameof(MaxErrorPercent), 5.0);

    [Parameter("p99 latency (milliseconds) during bake that rolls back")]
    int MaxP99Ms => Parameters.Get(nameof(MaxP99Ms), 2000);

    [Parameter("Down also deletes the environment's data: its database (Docker volume, local database file) and data folder")]
    bool DeleteData => Parameters.Get(nameof(DeleteData), false);

    [Parameter("Image to deploy: repository@sha256:… (or an image id on the Docker platform); with several services <service>=<repository@sha256:…>,…; default: build it", Name = "Image")]
    string? ImageToDeploy => Parameters.Get<string>("Image");

    [Parameter("Deploy an image a delivery run built (--image by digest): its version and commit come from GitHub's record of the digest, not from the checkout (the promote workflow passes it)")]
    bool Promote => Parameters.Get(nameof(Promote), false);

    /// <summary>The declared environment <c>--environment</c> names.</summary>
    EnvironmentDeclaration TargetEnvironment => FindEnvironment(Environment);

    /// <summary>The bake the parameters describe.</summary>
    BakeSettings Bake => new()
    {
        Duration = TimeSpan.FromSeconds(BakeSeconds),
        MaxErrorRate = MaxErrorPercent / 100,
        MaxP99Latency = TimeSpan.FromMilliseconds(MaxP99Ms),
    };

    /// <summary>Opens <paramref name="platform"/> for the declared <paramref name="environment"/> under <paramref name="name"/>.</summary>
    IPlatformEnvironment OpenEnvironment(EnvironmentDeclaration environment, PlatformSettings platform, string name, string? entryAssembly = null) =>
        platform.Open(new EnvironmentContext
        {
            Name = name,
            RootDirectory = RootDirectory,
            LoggerFactory = LoggerFactory,
            Url = environment.EffectiveUrl,
            EntryAssembly = entryAssembly,
        });

    /// <summary>The traffic shift, checked before any target runs; null when valid.</summary>
    string? CheckShift()
    {
        try
        {
            _ = TrafficShift.Parse(Shift);
            return null;
        }
        catch (DeployException e)
        {
            return $"--shift: {e.Message}";
        }
    }

    /// <summary>The bake thresholds in the units the user gave, checked before any target runs; null when valid.</summary>
    string? CheckBake() =>
        BakeSeconds < 0 ? $"--bake-seconds {BakeSeconds} must be 0 or more (seconds)"
        : double.IsNaN(MaxErrorPercent) || MaxErrorPercent is < 0 or > 100 ? $"--max-error-percent {MaxErrorPercent.ToString(CultureInfo.InvariantCulture)} is outside 0..100 (percent of requests)"
        : MaxP99Ms <= 0 ? $"--max-p99-ms {MaxP99Ms} must be more than 0 (milliseconds)"
        : null;

    /// <summary>Null when <c>--environment</c> names a declared environment that can be deployed.</summary>
    string? CheckDeployableEnvironment() =>
        CheckEnvironment() ?? (TargetEnvironment is { Platform: null } declared
            ? $"environment '{declared.Name}' is declared but cannot be deployed yet: {declared.NotDeployableReason ?? "it has no platform"}"
            : null);

    /// <summary>
    /// Runs a target body, turning a deploy error's remedy (what the library says to do, in its words) into the
    /// exact command for this build's user.
    /// </summary>
    async Task WithRemedyAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (DeployException e) when (e.Remedy != DeployRemedy.None)
        {
            throw new DeployException($"{e.Message}; {RemedyCommand(e.Remedy)}", e);
        }
    }

    /// <summary>How a deploy that did not succeed ended, in the words of its error line.</summary>
    static string OutcomeText(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.Failed => "failed before any traffic moved",
        DeploymentOutcome.RollbackFailed => "failed, and its rollback did not finish",
        DeploymentOutcome.Interrupted => "was interrupted",
        _ => "rolled back",
    };

    /// <summary>The command that carries out <paramref name="remedy"/> for the environment this build targets.</summary>
    string RemedyCommand(DeployRemedy remedy) => remedy switch
    {
        DeployRemedy.TakeDown => $"run ./build.sh Down --environment {Environment} (its data stays), then deploy again",
        DeployRemedy.Deploy => $"run ./build.sh Deploy --environment {Environment} again: it converges from what runs",
        DeployRemedy.BuildImage => "build it with ./build.sh Image, or pass --image <image id or repository@sha256:…>",
        _ => "",
    };

    /// <summary>Null when <c>--environment</c> names a declared environment; otherwise the line saying which are declared.</summary>
    string? CheckEnvironment()
    {
        try
        {
            _ = TargetEnvironment;
            return null;
        }
        catch (DeployException e)
        {
            return $"--environment: {e.Message}";
        }
    }

    /// <summary>
    /// The version and commit this deploy is recorded under: the checkout's (<see cref="ReleaseVersionAsync"/>), or with
    /// <see cref="Promote"/> the image's own, from GitHub's record of its digest (the first digest <c>--image</c> names).
    /// </summary>
    async Task<(string Version, string Sha)> ReleaseToDeployAsync(CancellationToken cancellationToken)
    {
        if (!Promote)
        {
            return (await ReleaseVersionAsync(cancellationToken), (await GitRevision.ReadAsync(this, cancellationToken)).Sha);
        }

        var digest = ImageDigests.First(ImageToDeploy) is { } first
            ? first
            : throw new DeploySettingsException("--promote deploys an image already pushed: pass --image <repository>@sha256:<digest>");
        if (this is not IGitHub github)
        {
            throw new DeploySettingsException("--promote reads the image's version and commit from GitHub's deployments: the build must implement IGitHub");
        }

        var release = await github.RecordedReleaseAsync(digest, cancellationToken)
            ?? throw new DeploySettingsException(
                $"--promote: no GitHub deployment of this repository names image {digest}, so its version and commit are unknown; "
                + "promote an image a delivery run deployed (its digest is on the run's image job and in Status)");
        Output.WriteLine($"Promoting {release.Version} (commit {release.ShortCommit}), image {digest}, as GitHub's record gives it.");
        return (release.Version, release.Commit);
    }

    /// <summary>
    /// The version this deploy is recorded under, from git tags as <c>Pack</c> computes it (<see cref="GitVersion.Label"/>:
    /// <c>1.2.4-alpha.0.5+03cfb86</c>, <c>.dirty</c> from a changed work tree); a shallow clone is warned about.
    /// </summary>
    async Task<string> ReleaseVersionAsync(CancellationToken cancellationToken)
    {
        var version = await GitVersion.ReadAsync(this, cancellationToken);
        if (version.Shallow)
        {
            Output.WriteLine($"warning: the version {version.Label} comes from a shallow clone, which may lack tags and history; fetch every commit (actions/checkout with fetch-depth: 0)");
        }

        return version.Label;
    }

    /// <summary>
    /// The step summary gets the stage table and a timeline; the console already showed each stage and the outcome as
    /// they happened.
    /// </summary>
    void Report(DeploymentRecord record)
    {
        Host.AppendSummaryMarkdown(DeploymentReport.ToMarkdown(record));
        Host.AppendSummaryMarkdown(StageTimeline(record));
    }

    /// <summary>The stages as a Mermaid gantt chart for the step summary (stages run one after another).</summary>
    static string StageTimeline(DeploymentRecord record)
    {
        var start = record.StartedAt;
        var bars = new List<(string Name, DateTimeOffset Start, TimeSpan Duration, bool Failed)>();
        foreach (var stage in record.Stages)
        {
            bars.Add((stage.Name, start, stage.Duration, stage.Outcome == StageOutcome.Failed));
            start += stage.Duration;
        }

        return Pipeline.Engine.Output.MermaidGantt.From(bars, $"{record.Kind} {record.Release.Version} to {record.Environment}: {record.Outcome}");
    }
}
