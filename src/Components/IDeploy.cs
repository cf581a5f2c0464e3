using System.Globalization;
using Pipeline.Components.Environments;
using Pipeline.Components.Versioning;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Migrations;

namespace Pipeline.Components;

/// <summary>
/// <c>Deploy</c>, <c>Rollback</c>, <c>Status</c>, <c>Down</c>: blue/green deploys of the service to one of the
/// declared environments (<see cref="IHaveEnvironments.Environments"/>). The environment's platform owns the rest:
/// what it deploys (the published folder, an image, a task definition), where migrations run, where the history and
/// the deploy lock live, and what Status and Down do. Stages carry Amazon ECS's names everywhere.
/// </summary>
public interface IDeploy : IPublish, IImage, IHaveEnvironments
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

    [Parameter("Image to deploy: repository@sha256:… (or an image id on the Docker platform); default: build it", Name = "Image")]
    string? ImageToDeploy => Parameters.Get<string>("Image");

    /// <summary>The smoke tests run against the test endpoint before the production shift and against production after.</summary>
    SmokeTests SmokeTests => new SmokeTests().Http("live", "/health/live").Http("ready", "/health/ready");

    /// <summary>
    /// Applies pending migrations before any traffic moves, when the build migrates: against the database the
    /// environment's platform names (the Docker platform's PostgreSQL container, the Process platform's declared
    /// database), else the database the Migrate parameters name.
    /// </summary>
    async Task MigrateBeforeTrafficAsync(MigrationTarget? target, CancellationToken cancellationToken)
    {
        if (this is not IMigrate migrate)
        {
            return;
        }

        if (target is null)
        {
            await migrate.RunMigrationsAsync(MigrationRequest.Up(), cancellationToken);
            return;
        }

        var engine = Enum.Parse<DatabaseEngine>(target.Engine, ignoreCase: true);
        await migrate.RunMigrationsAsync(MigrationRequest.Up(), cancellationToken, engine, target.ConnectionString);
    }

    /// <summary>The declared environment <c>--environment</c> names.</summary>
    EnvironmentDeclaration TargetEnvironment => FindEnvironment(Environment);

    /// <summary>Opens <see cref="TargetEnvironment"/> on its platform; throws a one-line error when it cannot be deployed.</summary>
    IPlatformEnvironment OpenEnvironment()
    {
        var declared = TargetEnvironment;
        var platform = declared.Platform ?? throw new DeploySettingsException(
            $"environment '{declared.Name}' is declared but cannot be deployed yet: {declared.NotDeployableReason ?? "it has no platform"}");
        return platform.Open(new EnvironmentContext
        {
            Name = declared.Name,
            RootDirectory = RootDirectory,
            LoggerFactory = LoggerFactory,
            Url = declared.EffectiveUrl,
            EntryAssembly = Path.GetFileNameWithoutExtension(PublishProject) + ".dll",
        });
    }

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

    Target Deploy => _ => _
        .Description("Deploy blue/green to the environment: migrate, scale up, smoke test, shift traffic, bake, clean up (rolls back by itself)")
        .DependsOn(Publish)
        .TryDependsOn<ITest>(x => x.Test)
        .Validates(CheckDeployableEnvironment, CheckShift, CheckBake)
        .Executes(ct => WithRemedyAsync(async () =>
        {
            await using var environment = OpenEnvironment();
            var revision = await GitRevision.ReadAsync(this, ct);
            var spec = DeploySpecFor(await ReleaseVersionAsync(ct), revision.Sha);
            var github = this is IGitHub gitHub
                ? await gitHub.StartGitHubDeploymentAsync(TargetEnvironment, revision.Sha, spec.Version, spec.ImageDigest, ct)
                : null;
            var recorded = false;
            try
            {
                if (github is not null)
                {
                    await github.InProgressAsync(ct);
                }

                var record = await environment.DeployAsync(spec, ct);
                Report(record);
                var url = TargetEnvironment.EffectiveUrl ?? environment.PublicUrl;
                if (!record.Succeeded)
                {
                    var reason = record.RollbackReason?.ToString() ?? record.Outcome.ToString();
                    recorded = true;
                    if (github is not null)
                    {
                        await github.FailedAsync(reason, CancellationToken.None);
                    }

                    throw new DeployException($"Deploy of {record.Release.Version} to '{environment.Name}' {OutcomeText(record.Outcome)}: {reason}")
                    {
                        Remedy = record.RollbackReason?.Remedy ?? DeployRemedy.None,
                    };
                }

                recorded = true;
                if (github is not null)
                {
                    await github.SucceededAsync(url, CancellationToken.None);
                }

                Output.WriteLine(url is null ? $"{record.Release.Version} is live in '{environment.Name}'." : $"{record.Release.Version} is live at {url}");
                if (url is not null)
                {
                    Host.SetOutput("url", url.ToString());
                }
            }
            catch (Exception e) when (github is not null && !recorded)
            {
                // Whatever stopped the deploy (an exception, a cancel), GitHub's record must not stay in progress.
                await github.ErrorAsync(e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
                throw;
            }
        }));

    Target Rollback => _ => _
        .Description("Return the environment to its previous successful version (or stop the deployment in progress)")
        .Validates(CheckDeployableEnvironment)
        .Executes(ct => WithRemedyAsync(async () =>
        {
            await using var environment = OpenEnvironment();
            var record = await environment.RollbackAsync(DeploySpecFor("rollback", null), ct);
            Report(record);
            if (!record.Succeeded)
            {
                throw new DeployException($"Rollback of '{environment.Name}' did not succeed: {record.RollbackReason?.ToString() ?? record.Outcome.ToString()}")
                {
                    Remedy = record.RollbackReason?.Remedy ?? DeployRemedy.None,
                };
            }

            if (this is IGitHub gitHub)
            {
                // GitHub's record follows what the environment runs: a deployment of the release put back.
                var put = record.Release;
                var sha = put.GitSha ?? (await GitRevision.ReadAsync(this, ct)).Sha;
                var github = await gitHub.StartGitHubDeploymentAsync(TargetEnvironment, sha, put.Version, put.Digest, ct);
                await github.PutBackAsync(TargetEnvironment.EffectiveUrl ?? environment.PublicUrl, CancellationToken.None);
            }
        }));

    Target Status => _ => _
        .Description("Show the environment: versions, weights, the deployment in progress, last deploys")
        .Validates(() => CheckEnvironment())
        .Executes(async ct =>
        {
            var declared = TargetEnvironment;
            if (declared.Platform is null)
            {
                Output.WriteLine($"Environment {declared.Name}: not deployable yet ({declared.NotDeployableReason ?? "no platform"}).");
                return;
            }

            await WithRemedyAsync(async () =>
            {
                await using var environment = OpenEnvironment();
                Output.Write(await environment.StatusAsync(5, ct));
            });
            if (this is IGitHub github)
            {
                foreach (var line in await github.GitHubStatusLinesAsync(declared, 5, ct))
                {
                    Output.WriteLine("  " + line);
                }
            }
        });

    Target Down => _ => _
        .Description("Stop what the environment runs (both colours and the edge locally); keeps its database and records unless --delete-data")
        .Validates(CheckDeployableEnvironment)
        .Executes(ct => WithRemedyAsync(async () =>
        {
            await using var environment = OpenEnvironment();
            var stopped = DeleteData ? await environment.DownDeletingDataAsync(ct) : await environment.DownAsync(ct);
            Output.WriteLine(stopped.Count == 0 ? $"'{environment.Name}' was not running." : $"Stopped {string.Join(", ", stopped)}.");
        }));

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

    /// <summary>The deploy as the parameters describe it; the platform turns it into a release.</summary>
    DeploySpec DeploySpecFor(string version, string? gitSha) => new()
    {
        Version = version,
        GitSha = gitSha,
        PublishDirectory = PublishDirectory,
        Image = ImageToDeploy,
        BuildImage = async token => (await BuildImageAsync(token)).Id,
        Shift = TrafficShift.Parse(Shift),
        Bake = new BakeSettings
        {
            Duration = TimeSpan.FromSeconds(BakeSeconds),
            MaxErrorRate = MaxErrorPercent / 100,
            MaxP99Latency = TimeSpan.FromMilliseconds(MaxP99Ms),
        },
        SmokeTests = SmokeTests,
        Migrate = MigrateBeforeTrafficAsync,
        Initiator = Host.Actor,
    };

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
