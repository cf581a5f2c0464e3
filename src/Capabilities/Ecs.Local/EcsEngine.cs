using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Logs;
using Pipeline.Deploy.Edge;
using Pipeline.Ecs.Local.Alarms;
using Pipeline.Ecs.Local.CloudWatch;
using Pipeline.Ecs.Local.Deployments;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;
using Pipeline.Images;

namespace Pipeline.Ecs.Local;

/// <summary>
/// The running local ECS behind the API: the store, the tasks on Docker, the service scheduler (replaces dead tasks,
/// keeps the load balancers' routes on healthy tasks), the deployments running in the background, and CloudWatch: the
/// load balancers' metrics from their real requests and the alarms evaluated on them.
/// </summary>
internal sealed class EcsEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, bool> background = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly DockerConnection docker;
    private readonly HttpClient probe = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan ReplacementBackoff = TimeSpan.FromSeconds(5);
    private Task? scheduler;

    public EcsEngine(EcsLocalOptions options, ILogger logger)
    {
        Options = options;
        Logger = logger;
        Directory.CreateDirectory(options.StateDirectory);
        Instance = InstanceOf(options.StateDirectory);
        Store = new EcsStore(options.StateDirectory);
        Arns = new Arns(options.Region, options.Account);
        docker = DockerConnection.Open(options.DockerEndpoint, TimeSpan.FromMinutes(5));
        Logs = new LogStore(Path.Combine(options.StateDirectory, "logs"));
        TaskLogs = new TaskLogs(Store, docker, Logs, logger);
        Tasks = new TaskRunner(Store, docker, options, Instance, TaskLogs, logger);
        Traffic = new ServiceTraffic(Path.Combine(options.StateDirectory, "edges"), logger);
        Alarms = options.Alarms.ToDictionary(a => a.Key, a => AlarmRule.Parse(a.Key, a.Value), StringComparer.Ordinal);
        Metrics = new MetricStore();
        Queries = new MetricQueryEvaluator(Metrics, options.SecondsPerMinute);
        CloudWatchAlarms = new AlarmEvaluator(Queries);
        LoadBalancerMetrics = new LoadBalancerMetrics(Metrics, Traffic, logger);
    }

    public EcsLocalOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>Names this local ECS's containers (a hash of its state directory), so several can share one engine.</summary>
    public string Instance { get; }

    /// <summary>The instance label of the local ECS of <paramref name="stateDirectory"/>: known without its files.</summary>
    public static string InstanceOf(string stateDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..16];

    public EcsStore Store { get; }

    public Arns Arns { get; }

    public TaskRunner Tasks { get; }

    /// <summary>CloudWatch Logs' groups and streams: the output of the containers that log through awslogs.</summary>
    public LogStore Logs { get; }

    public TaskLogs TaskLogs { get; }

    public ServiceTraffic Traffic { get; }

    /// <summary>The alarms of <see cref="EcsLocalOptions.Alarms"/>: rules on a revision's traffic, by alarm name.</summary>
    public IReadOnlyDictionary<string, AlarmRule> Alarms { get; }

    /// <summary>CloudWatch's metric data points (the load balancers' metrics), in memory.</summary>
    public MetricStore Metrics { get; }

    public MetricQueryEvaluator Queries { get; }

    /// <summary>Evaluates the CloudWatch alarms (PutMetricAlarm) on <see cref="Metrics"/>.</summary>
    public AlarmEvaluator CloudWatchAlarms { get; }

    public LoadBalancerMetrics LoadBalancerMetrics { get; }

    public CancellationToken Stopping => stopping.Token;

    /// <summary>Reconciles the saved state with the Docker engine, reconnects the load balancers, resumes and starts the scheduler.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var containers = await Tasks.ListOwnContainersAsync(cancellationToken);
        var live = Store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped).ToList());
        foreach (var task in live)
        {
            var own = containers[task.Arn].ToList();
            if (own.Count == 0 || own.Any(c => c.State != "running"))
            {
                foreach (var container in own)
                {
                    await Tasks.RemoveContainerAsync(container.ID, cancellationToken);
                }

                Store.Write(_ =>
                {
                    task.LastStatus = "STOPPED";
                    task.DesiredStatus = "STOPPED";
                    task.StopCode ??= "TaskFailedToStart";
                    task.StoppedReason ??= "The local ECS restarted and found the task's containers gone";
                    task.StoppedAt ??= DateTimeOffset.UtcNow;
                    foreach (var c in task.Containers)
                    {
                        c.LastStatus = "STOPPED";
                    }
                });
            }
        }

        var known = Store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped).Select(t => t.Arn).ToHashSet(StringComparer.Ordinal));
        foreach (var orphan in containers.Where(g => !known.Contains(g.Key)).SelectMany(g => g))
        {
            await Tasks.RemoveContainerAsync(orphan.ID, cancellationToken);
        }

        foreach (var service in Store.Read(d => d.Services.Values.Where(s => s.Status == "ACTIVE").ToList()))
        {
            if (ListenerPorts.Of(service.LoadBalancers) is { } ports)
            {
                await Traffic.EnsureAsync(IdOf(service), ports, cancellationToken);
            }
        }

        foreach (var deployment in Store.Read(d => d.Deployments.Values.Where(x => !x.IsFinished).ToList()))
        {
            Store.Write(_ => deployment.StopRequest = "The local ECS restarted during the service deployment");
            StartRunner(deployment.Arn, initial: false);
        }

        scheduler = Task.Run(() => ScheduleLoopAsync(stopping.Token), CancellationToken.None);
        Run(CloudWatchLoopAsync);
    }

    /// <summary>A task in PROVISIONING, launched in the background.</summary>
    public TaskState LaunchTask(
        TaskDefinitionState definition, ClusterState cluster, string group, string? startedBy, ServiceRevisionState? revision,
        string launchType, TaskOverride? overrides, JsonNode? overridesNode)
    {
        var id = Arns.NewId();
        var containers = ContainerDefinition.AllOf(definition.Definition);
        var task = new TaskState
        {
            Id = id,
            Arn = Arns.Task(cluster.Name, id),
            ClusterArn = cluster.Arn,
            TaskDefinitionArn = definition.Arn,
            Group = group,
            StartedBy = startedBy,
            ServiceRevisionArn = revision?.Arn,
            ServiceArn = revision?.ServiceArn,
            LaunchType = launchType,
            CreatedAt = DateTimeOffset.UtcNow,
            Cpu = definition.Definition["cpu"]?.ToString(),
            Memory = definition.Definition["memory"]?.ToString(),
            Overrides = overridesNode ?? new JsonObject { ["containerOverrides"] = new JsonArray(), ["inferenceAcceleratorOverrides"] = new JsonArray() },
            Containers =
            [
                .. containers.Select(c => new TaskContainerState
                {
                    Name = c.Name!,
                    Arn = Arns.Container(cluster.Name, id, Arns.NewId()),
                    Image = c.Image!,
                    Essential = c.Essential ?? true,
                    HasHealthCheck = c.HealthCheck?.Command is { Count: > 0 },
                    Logs = TaskLogs.DestinationOf(c, id),
                }),
            ],
        };
        Store.Write(d => d.Tasks[task.Arn] = task);
        Run(ct => Tasks.LaunchAsync(task.Arn, containers, overrides, ct));
        return task;
    }

    /// <summary>Runs a deployment in the background (it waits for an earlier one of the same service to finish first).</summary>
    public void StartRunner(string deploymentArn, bool initial) =>
        Run(ct => new DeploymentRunner(this, deploymentArn, initial).RunAsync(ct));

    /// <summary>Runs background work that ends with the server; failures are logged.</summary>
    public void Run(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(
            async () =>
            {
                try
                {
                    await work(stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // the server is stopping
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "Background work failed: {Message}", e.Message);
                }
            },
            CancellationToken.None);
        background[task] = true;
        task.ContinueWith(t => background.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Whether a task serves: running, its container health checks (if any) pass, and its load balancer target answers.</summary>
    public static bool IsReady(TaskState task, bool hasLoadBalancer) =>
        task is { LastStatus: "RUNNING", DesiredStatus: "RUNNING" }
        && task.HealthStatus != "UNHEALTHY"
        && task.Containers.Where(c => c.Essential && c.HasHealthCheck).All(c => c.HealthStatus == "HEALTHY")
        && (!hasLoadBalancer || task.TargetHealthy == true);

    public static string IdOf(ServiceState service) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(service.Arn)))[..16];

    /// <summary>Points the service's load balancer at its revisions' healthy tasks with the weights in the service state.</summary>
    public async Task ApplyTrafficAsync(string serviceArn, CancellationToken cancellationToken)
    {
        var (id, routes) = Store.Read(d => RoutesOf(d, d.Services[serviceArn]));
        if (routes is not null)
        {
            await Traffic.ApplyAsync(id, routes, cancellationToken);
        }
    }

    /// <summary>Stops every task and every load balancer of this local ECS (down).</summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        Store.Write(d =>
        {
            foreach (var deployment in d.Deployments.Values.Where(x => !x.IsFinished))
            {
                deployment.Status = "STOPPED";
                deployment.StatusReason = "The local ECS was shut down (down)";
                deployment.FinishedAt = deployment.StoppedAt = DateTimeOffset.UtcNow;
            }
        });
        await stopping.CancelAsync();
        await WaitBackgroundAsync();
        foreach (var task in Store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped).ToList()))
        {
            await Tasks.StopAsync(task.Arn, "UserInitiated", "The local ECS was shut down (down)", cancellationToken);
        }

        foreach (var container in (await Tasks.ListOwnContainersAsync(cancellationToken)).SelectMany(g => g))
        {
            await Tasks.RemoveContainerAsync(container.ID, cancellationToken);
        }

        await Traffic.RemoveAllAsync(cancellationToken);

        // down is a reset: the next start on this state directory begins empty
        Store.Write(d => d.Clear());
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await WaitBackgroundAsync();
        Traffic.Dispose();
        probe.Dispose();
        docker.Dispose();
        stopping.Dispose();
    }

    private async Task WaitBackgroundAsync()
    {
        var all = background.Keys.ToList();
        if (scheduler is not null)
        {
            all.Add(scheduler);
        }

        try
        {
            await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // stopping: cancelled work is expected
        }
    }

    private (string Id, RouteTable? Routes) RoutesOf(EcsStateData data, ServiceState service)
    {
        var id = IdOf(service);
        if (service.LoadBalancers is not [var lb, ..] || service.Status != "ACTIVE")
        {
            return (id, null);
        }

        var current = service.CurrentRevisionArn is { } c ? data.Revisions.GetValueOrDefault(c) : null;
        var target = service.TargetRevisionArn is { } t ? data.Revisions.GetValueOrDefault(t) : null;
        var currentAddress = current is null ? null : AddressOf(data, current, lb);
        var targetAddress = target is null ? null : AddressOf(data, target, lb);
        var weight = TrafficSteps.EdgeWeight(service.TargetProductionWeight);
        if (current is null || currentAddress is null)
        {
            weight = 100;
        }

        if (target is null || targetAddress is null)
        {
            weight = 0;
        }

        var routes = RouteTable.Empty;
        if (currentAddress is not null && current is not null)
        {
            routes = routes.With(current.Colour, new UpstreamRoute(currentAddress, 100 - weight, Arns.NameOf(current.TaskDefinitionArn)));
        }

        if (targetAddress is not null && target is not null && (target.Colour != current?.Colour || currentAddress is null))
        {
            routes = routes.With(target.Colour, new UpstreamRoute(targetAddress, currentAddress is null ? 100 : weight, Arns.NameOf(target.TaskDefinitionArn)));
        }

        EdgeColour? test = service.TestRevisionArn is not null && service.TestRevisionArn == target?.Arn && targetAddress is not null
            ? target.Colour
            : currentAddress is not null ? current!.Colour : targetAddress is not null ? target!.Colour : null;
        return (id, routes with { Test = test });
    }

    private static Uri? AddressOf(EcsStateData data, ServiceRevisionState revision, LoadBalancer lb)
    {
        var tasks = data.Tasks.Values
            .Where(t => t.ServiceRevisionArn == revision.Arn && t is { LastStatus: "RUNNING", DesiredStatus: "RUNNING", Deregistered: false })
            .OrderBy(t => t.CreatedAt)
            .ToList();
        var chosen = tasks.FirstOrDefault(t => IsReady(t, hasLoadBalancer: true));
        var port = chosen is null ? null : TargetPortOf(chosen, lb);
        return port is null ? null : new Uri($"http://127.0.0.1:{port}");
    }

    public static int? TargetPortOf(TaskState task, LoadBalancer lb) =>
        task.Containers
            .Where(c => lb.ContainerName is null || c.Name == lb.ContainerName)
            .SelectMany(c => c.NetworkBindings)
            .FirstOrDefault(b => lb.ContainerPort is null || b.ContainerPort == lb.ContainerPort)?.HostPort;

    private async Task ScheduleLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ScheduleOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Logger.LogWarning("Scheduler: {Message}", e.Message);
            }

            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Every 200 ms: the load balancers' new requests into the metrics, then every alarm evaluated.</summary>
    private async Task CloudWatchLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await LoadBalancerMetrics.CollectAsync(Store.Read(d => d.Services.Values.Where(s => s.Status == "ACTIVE").ToList()), cancellationToken);
                CloudWatchAlarms.EvaluateAll(Store, DateTimeOffset.UtcNow, Logger);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Logger.LogWarning("CloudWatch: {Message}", e.Message);
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task ScheduleOnceAsync(CancellationToken cancellationToken)
    {
        await Tasks.RefreshAsync(cancellationToken);
        ForgetOldStoppedTasks();
        var services = Store.Read(d => d.Services.Values.Where(s => s.Status == "ACTIVE").ToList());
        foreach (var service in services)
        {
            await ProbeTargetsAsync(service, cancellationToken);
            await ReplaceTasksAsync(service, cancellationToken);
            await ApplyTrafficAsync(service.Arn, cancellationToken);
        }
    }

    /// <summary>ECS shows stopped tasks for about an hour: older ones leave the state.</summary>
    private void ForgetOldStoppedTasks()
    {
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        if (Store.Read(d => d.Tasks.Values.Any(t => t.IsStopped && t.StoppedAt < cutoff)))
        {
            Store.Write(d =>
            {
                foreach (var old in d.Tasks.Values.Where(t => t.IsStopped && t.StoppedAt < cutoff).ToList())
                {
                    d.Tasks.Remove(old.Arn);
                }
            });
        }
    }

    private async Task ProbeTargetsAsync(ServiceState service, CancellationToken cancellationToken)
    {
        if (service.LoadBalancers is not [var lb, ..])
        {
            return;
        }

        var tasks = Store.Read(d => d.Tasks.Values.Where(t => t.ServiceArn == service.Arn && t is { LastStatus: "RUNNING", DesiredStatus: "RUNNING" }).ToList());
        foreach (var task in tasks)
        {
            var port = TargetPortOf(task, lb);
            bool healthy;
            try
            {
                using var response = await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                healthy = port is not null && (int)response.StatusCode < 500;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                healthy = false;
            }

            if (Store.Read(_ => task.TargetHealthy) != healthy)
            {
                Store.Write(_ => task.TargetHealthy = healthy);
            }
        }
    }

    /// <summary>ECS's service scheduler for the revision production runs: replaces stopped or unhealthy tasks, scales to the desired count.</summary>
    private async Task ReplaceTasksAsync(ServiceState service, CancellationToken cancellationToken)
    {
        var (unhealthy, missing, extra) = Store.Read(d =>
        {
            if (service.CurrentRevisionArn is not { } revisionArn)
            {
                return ([], 0, new List<TaskState>());
            }

            var live = d.Tasks.Values.Where(t => t.ServiceRevisionArn == revisionArn && !t.IsStopped && t.DesiredStatus == "RUNNING" && !t.Deregistered).OrderBy(t => t.CreatedAt).ToList();
            var wanted = service.RollingSourceCount ?? service.DesiredCount;
            var sick = live.Where(t => t.HealthStatus == "UNHEALTHY").ToList();
            var healthyCount = live.Count - sick.Count;

            // ECS throttles the replacement of tasks that keep failing: the first failure is replaced at once, more within a
            // few seconds wait
            var recentFailures = d.Tasks.Values.Count(t => t.ServiceRevisionArn == revisionArn && t.IsStopped
                && t.StopCode is "TaskFailedToStart" or "EssentialContainerExited" && t.StoppedAt > DateTimeOffset.UtcNow - ReplacementBackoff);
            return (sick, Math.Max(0, wanted - healthyCount - Math.Max(0, recentFailures - 1)), live.Except(sick).Skip(wanted).ToList());
        });
        foreach (var task in unhealthy)
        {
            await Tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", "Task failed container health checks", cancellationToken);
        }

        foreach (var task in extra)
        {
            await Tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", $"Service {service.Name} scaled in", cancellationToken);
        }

        for (var i = 0; i < missing; i++)
        {
            Store.Write(d =>
            {
                var revision = d.Revisions[service.CurrentRevisionArn!];
                LaunchTask(d.TaskDefinition(revision.TaskDefinitionArn), d.Cluster(service.ClusterName), $"service:{service.Name}", $"ecs-svc/{IdOf(service)}", revision, service.LaunchType, null, null);
            });
        }
    }
}
