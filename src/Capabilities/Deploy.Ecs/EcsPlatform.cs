using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecr;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Logs;
using Pipeline.Deploy.Ecs.Bake;
using Pipeline.Deploy.Ecs.TaskDefinitions;
using Pipeline.Deploy.Managed;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Text;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// Amazon ECS as a managed platform: pre-flight (cluster, service, blue/green set-up, image digest in ECR, task
/// definition renders), a task definition per release, migrations as a one-off task, and the deployment itself with
/// ECS's native BLUE_GREEN / LINEAR / CANARY strategy and <c>PAUSE</c> hooks at the engine's gates.
/// </summary>
public sealed class EcsPlatform : IManagedDeploymentPlatform
{
    private const string MigrationsStartedBy = "pipeline-migrations";

    private readonly EcsPlatformSettings settings;
    private readonly string environment;
    private readonly string rootDirectory;
    private readonly EcsClient ecs;
    private readonly EcrClient ecr;
    private readonly CloudWatchClient? cloudWatch;
    private readonly EcsErrors errors;
    private readonly MigrationsTaskLog migrationsLog;
    private readonly ILogger logger;
    private EcsService? service;
    private string? preparedContainer;

    /// <summary>
    /// The platform of one environment; <paramref name="cloudWatch"/> reads the deployment's alarms during the bake (null:
    /// ECS alone judges it); <paramref name="logs"/> reads a failed migrations task's output (null: its error says where the log is).
    /// </summary>
    public EcsPlatform(
        EcsPlatformSettings settings, string environment, string rootDirectory, EcsClient ecs, EcrClient ecr, ILogger logger, CloudWatchClient? cloudWatch = null, LogsClient? logs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        this.environment = environment;
        this.rootDirectory = rootDirectory;
        this.ecs = ecs;
        this.ecr = ecr;
        this.cloudWatch = cloudWatch;
        this.logger = logger;
        errors = new EcsErrors(environment, settings);
        migrationsLog = new MigrationsTaskLog(logs);
    }

    public string Name => "ecs";

    /// <summary>The container the last prepared task definition runs the release in.</summary>
    internal string? PreparedContainer => preparedContainer;

    public async Task<ManagedSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        var current = await DescribeServiceAsync(cancellationToken);
        if (settings.Rolling is null)
        {
            CheckBlueGreen(current);
        }
        else
        {
            CheckController(current);
        }

        var serving = current.TaskDefinition;
        string? inProgress = null;
        if (current.CurrentServiceDeployment is { } arn)
        {
            var described = await errors.CallAsync(() => ecs.DescribeServiceDeploymentsAsync(
                new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] }, cancellationToken));
            if (described.ServiceDeployments.FirstOrDefault(d => EcsDeploymentState.IsActive(d.Status)) is { } active)
            {
                // While a deployment runs, the service's task definition is its target: production is on its source.
                inProgress = active.ServiceDeploymentArn;
                if (active.SourceServiceRevisions.FirstOrDefault()?.Arn is { } source)
                {
                    var revisions = await errors.CallAsync(() => ecs.DescribeServiceRevisionsAsync(
                        new DescribeServiceRevisionsRequest { ServiceRevisionArns = [source] }, cancellationToken));
                    serving = revisions.ServiceRevisions.FirstOrDefault()?.TaskDefinition ?? serving;
                }
            }
        }

        var revision = serving is null ? null : await RevisionOfAsync(serving, cancellationToken);
        // A rolling update has no test listener: its smoke tests run against production.
        return new ManagedSnapshot(revision, inProgress, settings.ProductionUrl, settings.Rolling is null ? settings.TestUrl : null);
    }

    public async Task<Revision> PrepareAsync(Release release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (IsTaskDefinitionArn(release.Source))
        {
            // Deploying a registered task definition again (on-demand rollback): nothing to render.
            return new Revision(release.Source, release);
        }

        var image = ImageReference.Parse(release.Source);
        await CheckImageAsync(image, cancellationToken);
        var rendered = await RenderAsync(image.ToString(), cancellationToken);
        var definition = rendered.Definition.DeepClone().AsObject();
        definition["tags"] = MergeTags(definition["tags"] as JsonArray, release);
        // As on every platform, the release's variables over the file's values, and its version and commit
        // (PIPELINE_VERSION, PIPELINE_GIT_SHA).
        var variables = new Dictionary<string, string>(release.Environment, StringComparer.Ordinal) { ["PIPELINE_VERSION"] = release.Version };
        if (release.GitSha is { Length: > 0 } sha)
        {
            variables["PIPELINE_GIT_SHA"] = sha;
        }

        AddEnvironment(definition, rendered.Container, variables);
        var registered = await errors.CallAsync(() => ecs.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromJson(definition), cancellationToken));
        var arn = registered.TaskDefinition?.TaskDefinitionArn
            ?? throw new DeployException($"environment '{environment}': RegisterTaskDefinition answered without a taskDefinitionArn");
        preparedContainer = rendered.Container;
        logger.LogInformation("  registered {TaskDefinition} from {Source} with {Image} in container {Container}", arn, rendered.Source, image, rendered.Container);
        return new Revision(arn, release with { Source = image.ToString(), Digest = image.Digest });
    }

    /// <summary>The task definition this release would register, and a line diff against the running one (the plan view).</summary>
    public async Task<string> PlanAsync(Release release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var current = await DescribeServiceAsync(cancellationToken);
        var image = ImageReference.Parse(release.Source);
        var rendered = await RenderAsync(image.ToString(), cancellationToken);
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Task definition for {environment} ({rendered.Source}):\n{rendered.ToCanonicalJson()}\n");
        if (current.TaskDefinition is { } running)
        {
            var described = await DescribeTaskDefinitionAsync(running, cancellationToken);
            var before = TaskDefinitionRenderer.FromRunning(described, running, rendered.Container, ContainerImage(described, rendered.Container) ?? "").ToCanonicalJson();
            var diff = LineDiff.Compact(before, rendered.ToCanonicalJson());
            text.Append(CultureInfo.InvariantCulture, $"\nDifference from the running {running}:\n{(diff.Length == 0 ? "  (none)\n" : diff)}");
        }

        return text.ToString();
    }

    public bool HasMigrations => settings.MigrationsCommand is { Count: > 0 };

    public async Task RunMigrationsAsync(Revision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (settings.MigrationsCommand is not { Count: > 0 } command)
        {
            logger.LogInformation("  no migrations command declared for {Environment}", environment);
            return;
        }

        // Before the service exists (CreateIfMissing), the migrations task runs as the service will.
        var current = service ?? (settings.CreateIfMissing is null ? await DescribeServiceAsync(cancellationToken) : null);
        var container = preparedContainer ?? settings.Container
            ?? throw new DeployException($"ECS environment '{environment}': set the container to run the migrations command in");
        var network = current is null ? settings.CreateIfMissing!.Network() : current.NetworkConfiguration;
        if (network?.AwsvpcConfiguration is { Subnets: null or [] })
        {
            throw new DeployException(
                $"ECS service '{settings.Service}' (environment '{environment}') has an awsvpcConfiguration without subnets, and the migrations task runs in the service's network: give the service its subnets (networkConfiguration) in the infrastructure code");
        }

        // RunTask's clientToken (filled by the client, the same on every retry) keeps a retried call from starting a second migrations task.
        var started = await errors.CallAsync(() => ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = settings.Cluster,
            TaskDefinition = revision.Id,
            Count = 1,
            LaunchType = current is null ? settings.CreateIfMissing!.LaunchType : current.LaunchType,
            NetworkConfiguration = network,
            StartedBy = MigrationsStartedBy,
            Overrides = new TaskOverride { ContainerOverrides = [new ContainerOverride { Name = container, Command = command }] },
        }, cancellationToken));
        if (started.Failures.Count > 0 || started.Tasks.Count == 0)
        {
            var failure = started.Failures.FirstOrDefault();
            throw new DeployException($"the migrations task of {revision.Id} did not start: {failure?.Reason ?? "no task"} {failure?.Detail}".TrimEnd());
        }

        var taskArn = started.Tasks[0].TaskArn!;
        logger.LogInformation("  migrations task {Task}: {Command}", taskArn, string.Join(' ', command));
        EcsTask? stopped;
        try
        {
            stopped = await WaitStoppedAsync(taskArn, settings.MigrationsTimeout, cancellationToken);
        }
        catch (Exception e) when ((e is OperationCanceledException && cancellationToken.IsCancellationRequested) || e is DeployException)
        {
            // Cancelled (Ctrl-C, a cancelled CI job) or timed out: the one-off task must not go on migrating with nobody watching.
            var stopReason = e is DeployException ? $"Pipeline: the migrations took longer than {settings.MigrationsTimeout}" : "Pipeline: the deploy was cancelled";
            logger.LogWarning("  {Why}: stopping the migrations task {Task}", stopReason, taskArn);
            using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await errors.CallAsync(() => ecs.StopTaskAsync(new StopTaskRequest { Cluster = settings.Cluster, Task = taskArn, Reason = stopReason }, stopping.Token));
            var ended = await WaitStoppedAsync(taskArn, TimeSpan.FromMinutes(2), stopping.Token);
            logger.LogWarning("  migrations task {Task} {Status} ({Reason})", taskArn, ended?.LastStatus, ended?.StoppedReason);
            throw;
        }

        var exit = stopped!.Containers.FirstOrDefault(c => c.Name == container) ?? stopped.Containers.FirstOrDefault();
        var why = string.Join("; ", new[] { stopped.StopCode, stopped.StoppedReason, exit?.Reason }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
        if (stopped.StopCode == "TaskFailedToStart")
        {
            throw new DeployException($"the migrations task {taskArn} failed to start: {why}");
        }

        if (exit?.ExitCode is not { } code)
        {
            throw new DeployException($"the migrations task {taskArn} stopped without an exit code ({why}): it did not run to the end");
        }

        if (code != 0)
        {
            // The tool's own error is in the container's output, in CloudWatch Logs: one line of it says what failed.
            var (error, where) = await MigrationsErrorAsync(revision, container, taskArn, cancellationToken);
            var what = $"the migrations task {taskArn[(taskArn.LastIndexOf('/') + 1)..]} of service '{settings.Service}' in environment '{environment}' exited with code {code}";
            throw new DeployException(error is null
                ? $"{what}{(why.Length > 0 ? $" ({why})" : "")}; {where}"
                : $"{what}: {error}; fix the migrations and deploy again ({where})");
        }

        logger.LogInformation("  migrations task {Task} exited 0", taskArn);
    }

    /// <summary>The migrations tool's error line from the task's log, or why there is none: never an error of its own.</summary>
    private async Task<(string? Error, string Where)> MigrationsErrorAsync(Revision revision, string container, string taskArn, CancellationToken cancellationToken)
    {
        try
        {
            var definition = await DescribeTaskDefinitionAsync(revision.Id, cancellationToken);
            return await migrationsLog.ReadAsync(definition, container, taskArn, cancellationToken);
        }
        catch (DeployException e)
        {
            return (null, $"its log configuration could not be read ({e.Message})");
        }
    }

    private Task<EcsTask?> WaitStoppedAsync(string taskArn, TimeSpan timeout, CancellationToken cancellationToken) =>
        errors.CallAsync(() => Poll.UntilAsync(
            async ct => (await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = settings.Cluster, Tasks = [taskArn] }, ct)).Tasks.FirstOrDefault(),
            task => task?.LastStatus == "STOPPED",
            new PollSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), timeout),
            $"the migrations task {taskArn} to stop",
            cancellationToken,
            task => task?.LastStatus ?? "not described"));

    public async Task<IManagedDeployment> StartAsync(Revision revision, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(plan);
        var before = service ?? await DescribeServiceAsync(cancellationToken);
        var configuration = settings.Rolling is { } rolling
            ? RollingConfiguration(before.DeploymentConfiguration, rolling, plan)
            : Configuration(before.DeploymentConfiguration, plan, settings.MinuteLength);
        var updated = await errors.CallAsync(() => ecs.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            TaskDefinition = revision.Id,
            DeploymentConfiguration = configuration,
        }, cancellationToken));
        var arn = updated.Service?.CurrentServiceDeployment is { } current && current != before.CurrentServiceDeployment
            ? current
            : await FindNewDeploymentAsync(before.CurrentServiceDeployment, cancellationToken);
        return settings.Rolling is null ? Attach(arn, plan) : AttachRolling(arn, before.TaskDefinition == revision.Id ? null : before.TaskDefinition, plan);
    }

    public IManagedDeployment Attach(string deploymentId) => settings.Rolling is null
        ? Attach(deploymentId, new DeploymentPlan { GateTimeout = settings.GateTimeout })
        : AttachRolling(deploymentId, null, new DeploymentPlan { GateTimeout = settings.GateTimeout });

    /// <summary>
    /// The deploymentConfiguration of a rolling update: strategy ROLLING with <paramref name="rolling"/>'s percents and
    /// circuit breaker (with rollback), the plan's alarms (with rollback); PAUSE hooks, linear and canary steps removed
    /// (a rolling update has none), other members kept as the service has them.
    /// </summary>
    public static DeploymentConfiguration RollingConfiguration(DeploymentConfiguration? current, EcsRollingUpdate rolling, DeploymentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(rolling);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Shift.Kind != TrafficShiftKind.AllAtOnce)
        {
            throw new DeploySettingsException($"an ECS rolling update replaces tasks, it has no traffic steps: deploy without --shift {plan.Shift} (or use blue/green)");
        }

        return (current ?? new DeploymentConfiguration()) with
        {
            Strategy = EcsValues.Strategy.Rolling,
            MinimumHealthyPercent = rolling.MinimumHealthyPercent,
            MaximumPercent = rolling.MaximumPercent,
            DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = rolling.CircuitBreaker, Rollback = rolling.CircuitBreaker },
            LinearConfiguration = null,
            CanaryConfiguration = null,
            Alarms = plan.Alarms.Count > 0
                ? (current?.Alarms ?? new DeploymentAlarms()) with { AlarmNames = plan.Alarms, Enable = true, Rollback = true }
                : current?.Alarms,
            LifecycleHooks = (current?.LifecycleHooks ?? []).Where(h => h.TargetType != EcsValues.HookTarget.Pause).ToList(),
        };
    }

    /// <summary>
    /// The deploymentConfiguration for <paramref name="plan"/>, keeping what the service has that the plan does not set
    /// (Lambda hooks with their hookDetails, percents, circuit breaker, and members the client does not type). Durations
    /// become ECS minutes of <paramref name="minute"/> (a minute in AWS; what one lasts on the local ECS), rounded up.
    /// </summary>
    public static DeploymentConfiguration Configuration(DeploymentConfiguration? current, DeploymentPlan plan, TimeSpan? minute = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var length = minute ?? TimeSpan.FromMinutes(1);
        int InMinutes(TimeSpan duration) => Minutes(duration, length);
        var shift = plan.Shift;
        if (shift.Kind == TrafficShiftKind.Linear && shift.StepPercent < 3)
        {
            throw new DeploySettingsException($"ECS LINEAR steps are 3 to 100 %, not {shift.StepPercent} %: use --shift linear:<3..100>:<bake>");
        }

        var hooks = (current?.LifecycleHooks ?? []).Where(h => h.TargetType != EcsValues.HookTarget.Pause).ToList();
        if (plan.Gates.Count > 0)
        {
            hooks.Add(new DeploymentLifecycleHook
            {
                TargetType = EcsValues.HookTarget.Pause,
                LifecycleStages = [.. plan.Gates.Distinct().Select(g => g == DeploymentGate.PostTestTrafficShift
                    ? EcsValues.Stage.PostTestTrafficShift : EcsValues.Stage.PostProductionTrafficShift)],
                TimeoutConfiguration = new DeploymentLifecycleHookTimeoutConfiguration
                {
                    TimeoutInMinutes = Math.Clamp(InMinutes(plan.GateTimeout), 1, 20160),
                    Action = EcsValues.HookAction.Rollback,
                },
            });
        }

        return (current ?? new DeploymentConfiguration()) with
        {
            Strategy = shift.Kind switch
            {
                TrafficShiftKind.Linear => EcsValues.Strategy.Linear,
                TrafficShiftKind.Canary => EcsValues.Strategy.Canary,
                _ => EcsValues.Strategy.BlueGreen,
            },
            BakeTimeInMinutes = InMinutes(plan.Bake),
            LinearConfiguration = shift.Kind == TrafficShiftKind.Linear
                ? (current?.LinearConfiguration ?? new LinearConfiguration()) with { StepPercent = shift.StepPercent, StepBakeTimeInMinutes = InMinutes(shift.StepBake) }
                : null,
            CanaryConfiguration = shift.Kind == TrafficShiftKind.Canary
                ? (current?.CanaryConfiguration ?? new CanaryConfiguration()) with { CanaryPercent = shift.StepPercent, CanaryBakeTimeInMinutes = InMinutes(shift.StepBake) }
                : null,
            Alarms = plan.Alarms.Count > 0
                ? (current?.Alarms ?? new DeploymentAlarms()) with { AlarmNames = plan.Alarms, Enable = true, Rollback = true }
                : current?.Alarms,
            LifecycleHooks = hooks,
        };
    }

    internal async Task<EcsService> DescribeServiceAsync(CancellationToken cancellationToken)
    {
        var response = await errors.CallAsync(() => ecs.DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = settings.Cluster, Services = [settings.Service] }, cancellationToken));
        var found = response.Services.FirstOrDefault(s => s.Status != "INACTIVE");
        if (found is null)
        {
            throw new DeployException(
                $"ECS service '{settings.Service}' does not exist in cluster '{settings.Cluster}' ({settings.Region}, environment '{environment}'): "
                + (settings.CreateIfMissing is null ? "create it with the infrastructure code or check the service name" : "the next Deploy creates it"));
        }

        service = found;
        return found;
    }

    internal async Task<JsonObject> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        var described = await errors.CallAsync(() => ecs.DescribeTaskDefinitionAsync(
            new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition, Include = ["TAGS"] }, cancellationToken));
        var node = JsonSerializer.SerializeToNode(described.TaskDefinition ?? new EcsTaskDefinition(), EcsPlatformJson.Default.EcsTaskDefinition)!.AsObject();
        if (described.Tags.Count > 0)
        {
            node["tags"] = new JsonArray([.. described.Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);
        }

        return node;
    }

    /// <summary>The release a registered task definition runs, from the tags Pipeline put on it (else family:revision).</summary>
    internal async Task<Revision> RevisionOfAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        var described = await DescribeTaskDefinitionAsync(taskDefinition, cancellationToken);
        var tags = (described["tags"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(t => t["key"] is not null)
            .GroupBy(t => (string)t["key"]!)
            .ToDictionary(g => g.Key, g => (string?)g.First()["value"], StringComparer.Ordinal);
        var arn = (string?)described["taskDefinitionArn"] ?? taskDefinition;
        var version = tags.GetValueOrDefault(ReleaseTags.Version) ?? $"{(string?)described["family"]}:{(int?)described["revision"]}";
        return new Revision(arn, new Release(version, arn, tags.GetValueOrDefault(ReleaseTags.GitSha)));
    }

    private IManagedDeployment Attach(string arn, DeploymentPlan plan)
    {
        var steps = plan.Shift.Steps().Sum(s => s.Bake.Ticks);
        var deadline = TimeSpan.FromMinutes(30) + plan.GateTimeout + plan.Bake + TimeSpan.FromTicks(steps);
        var watch = cloudWatch is not null && plan.Alarms.Count > 0 ? new BakeWatch(cloudWatch, plan.Alarms, logger) : null;
        return new EcsServiceDeployment(arn, ecs, errors, new PollSchedule(settings.PollInterval, settings.MaxPollInterval, deadline), watch, logger);
    }

    private IManagedDeployment AttachRolling(string arn, string? previousTaskDefinition, DeploymentPlan plan)
    {
        var deadline = TimeSpan.FromMinutes(30) + plan.Bake;
        var watch = cloudWatch is not null && plan.Alarms.Count > 0 ? new BakeWatch(cloudWatch, plan.Alarms, logger) : null;
        return new EcsRollingDeployment(
            arn, previousTaskDefinition, new RollingSettings(settings.Cluster, settings.Service, plan.Bake), ecs, errors,
            new PollSchedule(settings.PollInterval, settings.MaxPollInterval, deadline), watch, logger);
    }

    private void CheckController(EcsService current)
    {
        if (current.DeploymentController?.Type is { } controller && controller != EcsValues.Controller.Ecs)
        {
            throw new DeployException(settings.Rolling is null
                ? $"ECS service '{settings.Service}' (environment '{environment}') is not set up for blue/green: its deployment controller is {controller}; "
                    + "native blue/green needs the ECS controller"
                : $"ECS service '{settings.Service}' (environment '{environment}') is not deployed by ECS: its deployment controller is {controller}; "
                    + "a rolling update started with UpdateService needs the ECS controller");
        }
    }

    private void CheckBlueGreen(EcsService current)
    {
        CheckController(current);

        if (!current.LoadBalancers.Any(lb => lb.AdvancedConfiguration is { AlternateTargetGroupArn: not null, ProductionListenerRule: not null }))
        {
            throw new DeployException(
                $"ECS service '{settings.Service}' (environment '{environment}') is not set up for blue/green: no load balancer has an advancedConfiguration "
                + "(alternateTargetGroupArn, productionListenerRule, testListenerRule, roleArn); add it in the infrastructure code");
        }
    }

    private async Task CheckImageAsync(ImageReference image, CancellationToken cancellationToken)
    {
        if (image.EcrRegistryId is null && settings.EcrEndpoint is null)
        {
            logger.LogDebug("{Image} is not in ECR: the digest is not checked before deploying", image);
            return;
        }

        var found = await errors.CallAsync(() => ecr.FindImageAsync(image.Repository, ImageIdentifier.ByDigest(image.Digest), cancellationToken));
        if (found is null)
        {
            throw new DeployException(
                $"image {image.Digest} is not in ECR repository '{image.Repository}' ({image.Registry}): push it first (the image job) or pass the digest it pushed");
        }
    }

    private async Task<RenderedTaskDefinition> RenderAsync(string image, CancellationToken cancellationToken)
    {
        if (settings.TaskDefinitionFile is { } file)
        {
            return TaskDefinitionRenderer.FromFile(Path.Combine(rootDirectory, file), settings.Variables, settings.Container, image, Note);
        }

        var current = service ?? await DescribeServiceAsync(cancellationToken);
        var running = current.TaskDefinition
            ?? throw new DeployException($"ECS service '{settings.Service}' has no task definition to start from: declare a task definition file for environment '{environment}'");
        var described = await DescribeTaskDefinitionAsync(running, cancellationToken);
        described.Remove("tags");
        return TaskDefinitionRenderer.FromRunning(described, running, settings.Container, image, Note);
    }

    private void Note(string line) => logger.LogInformation("  {Note}", line);

    private JsonArray MergeTags(JsonArray? existing, Release release)
    {
        var ours = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [ReleaseTags.Version] = release.Version,
            [ReleaseTags.Environment] = environment,
        };
        if (release.GitSha is { } sha)
        {
            ours[ReleaseTags.GitSha] = sha;
        }

        var tags = (existing ?? []).OfType<JsonObject>().Where(t => t["key"] is { } key && !ours.ContainsKey((string)key!)).Select(t => t.DeepClone()).ToList();
        tags.AddRange(ours.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }));
        return new JsonArray([.. tags]);
    }

    private async Task<string> FindNewDeploymentAsync(string? previous, CancellationToken cancellationToken)
    {
        var listed = await errors.CallAsync(() => ecs.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            Status = [EcsValues.DeploymentStatus.Pending, EcsValues.DeploymentStatus.InProgress],
        }, cancellationToken));
        return listed.ServiceDeployments.OrderByDescending(d => d.CreatedAt).Select(d => d.ServiceDeploymentArn).FirstOrDefault(a => a is not null && a != previous)
            ?? throw new DeployException($"environment '{environment}': UpdateService started no service deployment that ECS lists");
    }

    private static void AddEnvironment(JsonObject definition, string container, IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0
            || (definition["containerDefinitions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == container) is not { } target)
        {
            return;
        }

        var environment = target["environment"] as JsonArray ?? [];
        var kept = environment.OfType<JsonObject>().Where(e => e["name"] is { } name && !variables.ContainsKey((string)name!)).Select(e => e.DeepClone());
        target["environment"] = new JsonArray([.. kept, .. variables.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["value"] = v.Value })]);
    }

    private static string? ContainerImage(JsonObject definition, string container) =>
        (definition["containerDefinitions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == container)?["image"]?.GetValue<string>();

    private static bool IsTaskDefinitionArn(string source) =>
        source.StartsWith("arn:", StringComparison.Ordinal) && source.Contains(":task-definition/", StringComparison.Ordinal);

    /// <summary>Whole ECS minutes of <paramref name="minute"/> that last at least <paramref name="duration"/>.</summary>
    internal static int Minutes(TimeSpan duration, TimeSpan minute) => (int)Math.Ceiling(Math.Max(0, duration / minute - 1e-9));
}
