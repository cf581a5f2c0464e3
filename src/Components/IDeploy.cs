using Pipeline.Components.Environments;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine.Targets;
using Pipeline.Migrations;

namespace Pipeline.Components;

/// <summary>
/// <c>Deploy</c>, <c>Rollback</c>, <c>Status</c>, <c>Down</c>: blue/green deploys of the service to one of the
/// declared environments (<see cref="IHaveEnvironments.Environments"/>). The environment's platform owns the rest:
/// what it deploys (the published folder, an image, a task definition), where migrations run, where the history and
/// the deploy lock live, and what Status and Down do. Stages carry Amazon ECS's names everywhere.
/// </summary>
public interface IDeploy : IPublish, IImage, IDeploySettings
{
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

    /// <summary>Opens <see cref="IDeploySettings.TargetEnvironment"/> on its platform; throws a one-line error when it cannot be deployed.</summary>
    IPlatformEnvironment OpenEnvironment()
    {
        var declared = TargetEnvironment;
        var platform = declared.Platform ?? throw new DeploySettingsException(
            $"environment '{declared.Name}' is declared but cannot be deployed yet: {declared.NotDeployableReason ?? "it has no platform"}");
        return OpenEnvironment(declared, platform, declared.Name, Path.GetFileNameWithoutExtension(PublishProject) + ".dll");
    }

    Target Deploy => _ => _
        .Description("Deploy blue/green to the environment: migrate, scale up, smoke test, shift traffic, bake, clean up (rolls back by itself)")
        .DependsOn(Publish)
        .TryDependsOn<ITest>(x => x.Test)
        .Validates(CheckDeployableEnvironment, CheckShift, CheckBake)
        .Executes(ct => WithRemedyAsync(async () =>
        {
            await using var environment = OpenEnvironment();
            var (version, sha) = await ReleaseToDeployAsync(ct);
            var spec = DeploySpecFor(version, sha);
            var github = this is IGitHub gitHub
                ? await gitHub.StartGitHubDeploymentAsync(TargetEnvironment, sha, spec.Version, spec.ImageDigest, ct)
                : null;
            var recorded = false;
            try
            {
                await RefuseOlderBuildAsync(environment, spec, ct);
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
    /// Refuses, in one line and before anything changes, a deploy of an older build than the one the environment runs
    /// (<see cref="OlderBuildGuard"/>): only <c>Rollback</c> moves an environment back.
    /// </summary>
    async Task RefuseOlderBuildAsync(IPlatformEnvironment environment, DeploySpec spec, CancellationToken cancellationToken)
    {
        var guard = new OlderBuildGuard(Tools, Output);
        if (spec.GitSha is { Length: > 0 } deploying && await guard.ActiveReleaseAsync(environment, cancellationToken) is { } active)
        {
            await guard.CheckAsync(environment.Name, spec.Version, deploying, active, cancellationToken);
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
        Bake = Bake,
        SmokeTests = SmokeTests,
        Migrate = MigrateBeforeTrafficAsync,
        Initiator = Host.Actor,
    };
}
