using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecr;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Logs;
using Pipeline.Deploy.Ecs.Bake;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// An environment on Amazon ECS: the ECS platform's <see cref="IPlatformEnvironment"/>. Deploys with <see cref="ManagedDeployEngine"/>; its history, lock and state are
/// ECS's own (ListServiceDeployments, the in-progress deployment, the task definition tags): nothing depends on files
/// on the machine that deployed.
/// </summary>
public sealed class EcsPlatformEnvironment : IPlatformEnvironment
{
    private readonly EnvironmentContext context;
    private readonly EcsPlatformSettings settings;
    private readonly EcsClient ecs;
    private readonly EcrClient ecr;
    private readonly CloudWatchClient cloudWatch;
    private readonly LogsClient logs;
    private readonly EcsErrors errors;
    private readonly BakeAlarmLifecycle bakeAlarms;
    private readonly ILogger logger;

    public EcsPlatformEnvironment(EnvironmentContext context, EcsPlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate(context.Name) is { } problem)
        {
            throw new DeploySettingsException(problem);
        }

        this.context = context;
        this.settings = settings;
        logger = context.LoggerFactory.CreateLogger("Pipeline.Deploy.Ecs");
        ecs = new EcsClient(new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.Endpoint, Credentials = settings.Credentials }, logger);
        ecr = new EcrClient(new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.EcrEndpoint, Credentials = settings.Credentials }, logger);
        cloudWatch = new CloudWatchClient(new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.CloudWatchEndpoint, Credentials = settings.Credentials }, logger);
        logs = new LogsClient(new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.LogsEndpoint, Credentials = settings.Credentials }, logger);
        errors = new EcsErrors(context.Name, settings);
        bakeAlarms = new BakeAlarmLifecycle(settings.Cluster, cloudWatch, ecs, errors, logger);
        Platform = new EcsPlatform(settings, context.Name, context.RootDirectory, ecs, ecr, logger, cloudWatch, logs);
    }

    public string Name => context.Name;

    private EcsServiceBootstrapper? BootstrapperOf(EcsPlatform platform) => settings.CreateIfMissing is { } bootstrap
        ? new EcsServiceBootstrapper(settings, bootstrap, platform, ecs, errors, Name, logger)
        : null;

    string IPlatformEnvironment.Platform => settings.Platform;

    /// <summary>The platform behind this environment.</summary>
    public EcsPlatform Platform { get; }

    public Uri? PublicUrl => settings.ProductionUrl;

    public async Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var image = spec.Image
            ?? (settings.ImageSource is { } source ? await source(spec, cancellationToken) : null)
            ?? throw new DeployException(
                $"ECS environment '{Name}' deploys a pushed image: pass --image <registry>/<repository>@sha256:… (the digest the image job pushed)");
        _ = ImageReference.Parse(image); // before any AWS call: a tag or image id is a mistake, not a pre-flight failure
        var release = new Release(spec.Version, image, spec.GitSha, spec.ImageDigest) { Environment = spec.Variables };

        // The deploy's own migrations command (a service's, run from its image) when the settings declare none.
        var platform = spec.MigrationsCommand is { Count: > 0 } command && settings.MigrationsCommand is not { Count: > 0 }
            ? new EcsPlatform(settings with { MigrationsCommand = command }, context.Name, context.RootDirectory, ecs, ecr, logger, cloudWatch, logs)
            : Platform;
        if (BootstrapperOf(platform) is { } bootstrapper)
        {
            await bootstrapper.EnsureAsync(release, cancellationToken);
        }

        var request = Request(spec, release, spec.Shift, DeploymentKind.Deploy, await BakeAlarmsAsync(spec.Bake, cancellationToken));
        return await new ManagedDeployEngine(platform, Name, logger).DeployAsync(await WithCoverageAsync(request, cancellationToken), cancellationToken);
    }

    /// <summary>The task definition <paramref name="spec"/> would register and its diff against the running one.</summary>
    public Task<string> PlanAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var image = spec.Image ?? throw new DeployException($"ECS environment '{Name}': pass --image <registry>/<repository>@sha256:… to plan");
        return Platform.PlanAsync(new Release(spec.Version, image, spec.GitSha), cancellationToken);
    }

    public async Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        var engine = new ManagedDeployEngine(Platform, Name, logger);
        var snapshot = await Platform.ReconcileAsync(cancellationToken);
        if (snapshot.InProgressDeploymentId is { } busy)
        {
            var back = snapshot.Active?.Release ?? (await TargetOfAsync(busy, cancellationToken)).Release;
            var stop = Request(template, back, TrafficShift.AllAtOnce, DeploymentKind.Rollback, settings.Alarms);
            return await engine.StopAsync(busy, stop, "stopped on request (Rollback)", cancellationToken);
        }

        if (snapshot.Active is not { } active)
        {
            throw new DeployException($"nothing to roll back in environment '{Name}': it has no successful deployment yet");
        }

        var listed = await ListAsync(null, 20, cancellationToken);
        var versions = new List<string>();
        foreach (var d in listed)
        {
            versions.Add(d.TargetServiceRevisionArn is null ? "?" : (await TargetOfAsync(d.ServiceDeploymentArn!, cancellationToken)).Release.Version);
        }

        // A rolling update rolled back after ECS finished it shows SUCCESSFUL: it is no version to go back to.
        var successful = listed.Where((d, i) => d.Status == EcsValues.DeploymentStatus.Successful && !RolledBackByNext(listed, versions, i));
        foreach (var deployment in successful)
        {
            // A revision of the same release (a first Deploy that created the service, then deployed it) is no step back.
            var revision = await TargetOfAsync(deployment.ServiceDeploymentArn!, cancellationToken);
            if (revision.Id != active.Id && revision.Release.Version != active.Release.Version)
            {
                logger.LogInformation("Rolling back {Environment} from {Current} to {Target}", Name, active.Release.Version, revision.Release.Version);
                var request = Request(template, revision.Release with { Source = revision.Id }, TrafficShift.AllAtOnce, DeploymentKind.Rollback,
                    await BakeAlarmsAsync(template.Bake, cancellationToken));
                return await engine.DeployAsync(await WithCoverageAsync(request, cancellationToken), cancellationToken);
            }
        }

        throw new DeployException($"nothing to roll back to in environment '{Name}': {active.Release.Version} is the only version deployed successfully");
    }

    /// <summary>The release of the service's active revision (its task definition's tags), or null before the service exists.</summary>
    public async Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken)
    {
        if (settings.CreateIfMissing is not null && await FindServiceAsync(cancellationToken) is null)
        {
            return null;
        }

        return (await Platform.ReconcileAsync(cancellationToken)).Active?.Release;
    }

    public async Task<string> StatusAsync(int deployments, CancellationToken cancellationToken)
    {
        if (settings.CreateIfMissing is not null && await FindServiceAsync(cancellationToken) is null)
        {
            return $"{Name}: nothing deployed yet (ECS service {settings.Service} in cluster {settings.Cluster} does not exist): ./build.sh Deploy --environment {Name} creates it\n";
        }

        var service = await Platform.DescribeServiceAsync(cancellationToken);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{Name}: ECS service {settings.Service} in {settings.Cluster} ({settings.Region}): {service.Status}, {service.RunningCount}/{service.DesiredCount} tasks running\n");
        if (service.TaskDefinition is { } definition)
        {
            var active = await Platform.RevisionOfAsync(definition, cancellationToken);
            text.Append(CultureInfo.InvariantCulture, $"  task definition {active.Id} ({active.Release.Version})\n");
        }

        foreach (var revision in service.CurrentServiceRevisions)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  revision {revision.Arn}: {revision.RunningTaskCount} running, {revision.PendingTaskCount} pending of {revision.RequestedTaskCount}\n");
        }

        if (service.CurrentServiceDeployment is { } arn)
        {
            var described = await errors.CallAsync(() => ecs.DescribeServiceDeploymentsAsync(
                new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] }, cancellationToken));
            if (described.ServiceDeployments.FirstOrDefault() is { } current)
            {
                var target = current.TargetServiceRevision;
                var traffic = settings.Rolling is null
                    ? $"production {Percent(target?.RequestedProductionTrafficWeight)}, test {Percent(target?.RequestedTestTrafficWeight)}"
                    : $"rolling update, {target?.RunningTaskCount ?? 0} of {target?.RequestedTaskCount ?? 0} new tasks running";
                text.Append(CultureInfo.InvariantCulture,
                    $"  current deployment {arn}: {current.Status} at {current.LifecycleStage ?? "no stage"}, {traffic} on {target?.Arn}\n");
                foreach (var hook in current.LifecycleHookDetails.Where(h => h.Status == EcsValues.HookStatus.AwaitingAction))
                {
                    text.Append(CultureInfo.InvariantCulture, $"    waiting at hook {hook.HookId} until {hook.ExpiresAt:u}, then {hook.TimeoutAction}\n");
                }
            }
        }

        // One more than shown: whether the oldest shown was rolled back is read from the one before it.
        var listed = await ListAsync(null, Math.Max(1, deployments) + 1, cancellationToken);
        var versions = new List<string>();
        foreach (var d in listed)
        {
            versions.Add(d.TargetServiceRevisionArn is null ? "?" : (await TargetOfAsync(d.ServiceDeploymentArn!, cancellationToken)).Release.Version);
        }

        var shown = Math.Min(listed.Count, Math.Max(1, deployments));
        text.Append(CultureInfo.InvariantCulture, $"  last {shown} deployments:\n");
        for (var i = 0; i < shown; i++)
        {
            var d = listed[i];
            var outcome = d.Status == EcsValues.DeploymentStatus.RollbackSuccessful ? "ROLLBACK_SUCCESSFUL (failed release)" : d.Status;
            var judged = d.Status == EcsValues.DeploymentStatus.Successful ? await BakeJudgedAsync(d.ServiceDeploymentArn!, cancellationToken) : "";
            if (RolledBackByNext(listed, versions, i))
            {
                // ECS finished it, then the next deployment put the previous version back (Pipeline after a failed smoke test or bake, or Rollback).
                outcome = $"{d.Status}, then rolled back to {versions[i + 1]}";
                judged = "";
            }

            text.Append(CultureInfo.InvariantCulture,
                $"    {d.CreatedAt:u}  {versions[i],-24} {outcome}{judged}{(d.StatusReason is { Length: > 0 } why ? $": {why}" : "")}\n");
        }

        return text.ToString();
    }

    public async Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
    {
        if (BootstrapperOf(Platform) is { } bootstrapper)
        {
            var service = await FindServiceAsync(cancellationToken);
            var done = await bootstrapper.DeleteAsync(cancellationToken);
            return service is not null && await bakeAlarms.DeleteAllAsync(service, cancellationToken) is > 0 and var deleted
                ? [.. done, $"CloudWatch: {deleted} bake alarm{(deleted == 1 ? "" : "s")} of {settings.Service} deleted"]
                : done;
        }

        if (!settings.AllowDown)
        {
            throw new DeployException(
                $"ECS environment '{Name}' does not allow Down: scale the service in the infrastructure code (or declare AllowDown for a rehearsal environment)");
        }

        await errors.CallAsync(() => ecs.UpdateServiceAsync(
            new UpdateServiceRequest { Cluster = settings.Cluster, Service = settings.Service, DesiredCount = 0 }, cancellationToken));
        return [$"ECS service {settings.Service} in {settings.Cluster} scaled to 0 tasks"];
    }

    public ValueTask DisposeAsync()
    {
        ecs.Dispose();
        ecr.Dispose();
        cloudWatch.Dispose();
        logs.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The plan with durations as they run: the bake rounded up to whole ECS minutes, the gate timeout (ECS minutes) in
    /// the platform's minutes — a rehearsal on the local ECS prints the seconds it waits, not the minutes AWS would.
    /// </summary>
    private ManagedDeployRequest Request(DeploySpec spec, Release release, TrafficShift shift, DeploymentKind kind, IReadOnlyList<string> alarms) =>
        new(release, new DeploymentPlan
        {
            Shift = shift,
            Bake = EcsPlatform.Minutes(spec.Bake.Duration, settings.MinuteLength) * settings.MinuteLength,
            GateTimeout = Math.Clamp(EcsPlatform.Minutes(settings.GateTimeout, TimeSpan.FromMinutes(1)), 1, 20160) * settings.MinuteLength,
            Alarms = alarms,
        })
        {
            SmokeTests = spec.SmokeTests,
            Kind = kind,
            Initiator = spec.Initiator ?? (System.Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } actor ? actor : System.Environment.UserName),
        };

    /// <summary>
    /// Puts the bake alarms for <paramref name="bake"/>'s thresholds (unless the settings say not to; see
    /// <see cref="BakeAlarmLifecycle"/>) and answers every alarm the deployment names. A CloudWatch that refuses them
    /// is a warning: the deploy goes on, judged by the declared alarms alone, and its record says when nobody judged
    /// the bake.
    /// </summary>
    private async Task<IReadOnlyList<string>> BakeAlarmsAsync(BakeSettings bake, CancellationToken cancellationToken)
    {
        if (!settings.BakeAlarms)
        {
            return settings.Alarms;
        }

        var service = await Platform.DescribeServiceAsync(cancellationToken);
        var alarms = await bakeAlarms.DeclareAsync(service, bake, Name, cancellationToken);
        if (alarms.Count == 0)
        {
            if (BakeAlarms.For(settings.Cluster, service, bake).Count == 0)
            {
                logger.LogInformation("  no bake alarms: service {Service} has no production listener rule to read its load balancer from; the bake is judged by the declared alarms only", settings.Service);
            }

            return settings.Alarms;
        }

        logger.LogInformation("  bake alarms: {Alarms} (5xx above {Errors:0.##} %, p99 above {P99:0} ms)",
            string.Join(", ", alarms.Select(a => a.AlarmName)), bake.MaxErrorRate * 100, bake.MaxP99Latency.TotalMilliseconds);
        return [.. settings.Alarms, .. alarms.Select(a => a.AlarmName).Where(n => !settings.Alarms.Contains(n))];
    }

    /// <summary>The request with why its alarms cannot judge its bake, when they cannot (a blue/green bake shorter than their evaluation).</summary>
    private async Task<ManagedDeployRequest> WithCoverageAsync(ManagedDeployRequest request, CancellationToken cancellationToken)
    {
        DeploymentConfiguration configuration;
        try
        {
            configuration = EcsPlatform.Configuration(null, request.Plan, settings.MinuteLength);
        }
        catch (DeploySettingsException)
        {
            return request; // the deploy reports it where it always did, as it starts the deployment
        }

        if (settings.Rolling is not null
            || await bakeAlarms.UnjudgedAsync(request.Plan.Alarms, configuration, settings.MinuteLength, cancellationToken) is not { } why)
        {
            return request;
        }

        logger.LogWarning("  the alarms cannot judge this bake: {Why}", why);
        return request with { Plan = request.Plan with { AlarmsCannotJudge = why } };
    }

    /// <summary>" (bake not judged: …)" when no alarm watched a successful deployment or its alarms could not judge its bake, else "".</summary>
    private async Task<string> BakeJudgedAsync(string deploymentArn, CancellationToken cancellationToken)
    {
        var described = await errors.CallAsync(() => ecs.DescribeServiceDeploymentsAsync(
            new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [deploymentArn] }, cancellationToken));
        var deployment = described.ServiceDeployments.FirstOrDefault();
        var alarms = deployment?.Alarms;
        if (alarms?.AlarmNames is not { Count: > 0 } names || alarms.Status == "DISABLED")
        {
            return " (bake not judged: no alarm watched it)";
        }

        return await bakeAlarms.UnjudgedAsync(names, deployment!.DeploymentConfiguration, settings.MinuteLength, cancellationToken) is { } why
            ? $" (bake not judged by the alarms: {why})"
            : "";
    }

    /// <summary>The service, or null when it or its cluster does not exist.</summary>
    private async Task<EcsService?> FindServiceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = settings.Cluster, Services = [settings.Service] }, cancellationToken);
            return response.Services.FirstOrDefault(s => s.Status != "INACTIVE");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return null;
        }
        catch (AwsException e)
        {
            throw new DeployException(errors.Line(e), e);
        }
    }

    private async Task<IReadOnlyList<ServiceDeploymentBrief>> ListAsync(IReadOnlyList<string>? status, int count, CancellationToken cancellationToken)
    {
        var listed = await errors.CallAsync(() => ecs.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            Status = status,
            MaxResults = Math.Min(count, 100),
        }, cancellationToken));
        return [.. listed.ServiceDeployments.OrderByDescending(d => d.CreatedAt).Take(count)];
    }

    /// <summary>The task definition (as a revision with its release) a service deployment deploys.</summary>
    private async Task<Revision> TargetOfAsync(string deploymentArn, CancellationToken cancellationToken)
    {
        var described = await errors.CallAsync(() => ecs.DescribeServiceDeploymentsAsync(
            new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [deploymentArn] }, cancellationToken));
        var revisionArn = described.ServiceDeployments.FirstOrDefault()?.TargetServiceRevision?.Arn
            ?? throw new DeployException($"ECS deployment {deploymentArn} names no target revision");
        var revisions = await errors.CallAsync(() => ecs.DescribeServiceRevisionsAsync(
            new DescribeServiceRevisionsRequest { ServiceRevisionArns = [revisionArn] }, cancellationToken));
        var taskDefinition = revisions.ServiceRevisions.FirstOrDefault()?.TaskDefinition
            ?? throw new DeployException($"ECS service revision {revisionArn} names no task definition");
        return await Platform.RevisionOfAsync(taskDefinition, cancellationToken);
    }

    /// <summary>
    /// Whether deployment <paramref name="i"/> (newest first) succeeded on ECS and the deployment right after it went
    /// back to the version it had replaced: a rolling update Pipeline rolled back after it, or a Rollback.
    /// </summary>
    private static bool RolledBackByNext(IReadOnlyList<ServiceDeploymentBrief> listed, IReadOnlyList<string> versions, int i) =>
        i > 0 && i + 1 < listed.Count
        && listed[i].Status == EcsValues.DeploymentStatus.Successful
        && listed[i - 1].Status is EcsValues.DeploymentStatus.Successful or EcsValues.DeploymentStatus.InProgress or EcsValues.DeploymentStatus.Pending
        && versions[i - 1] == versions[i + 1] && versions[i] != versions[i + 1];

    private static string Percent(double? weight) => weight is { } w ? w.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";
}
