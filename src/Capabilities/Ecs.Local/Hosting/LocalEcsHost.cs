using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Logs;
using Pipeline.Ecs.Local.CloudWatch;
using Pipeline.Ecs.Local.Deployments;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.Scheduling;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;
using Pipeline.Images;

namespace Pipeline.Ecs.Local.Hosting;

/// <summary>
/// What runs behind the local ECS's API, put together: the store, the tasks on Docker, the load balancers' routes, the
/// deployments and the service scheduler in the background, CloudWatch. It starts them (finding again what a previous
/// run left), takes them down, and stops them; the API's operations take the parts they use, not the host.
/// </summary>
internal sealed class LocalEcsHost : IStandInHost
{
    private const string DownReason = "The local ECS was shut down (down)";
    private readonly DockerConnection docker;
    private readonly BackgroundWork background;
    private readonly ServiceScheduler scheduler;

    public LocalEcsHost(EcsLocalOptions options, ILogger logger)
    {
        Directory.CreateDirectory(options.StateDirectory);
        Store = new EcsStore(options.StateDirectory);
        Arns = new Arns(options.Region, options.Account);
        background = new BackgroundWork(logger);
        docker = DockerConnection.Open(options.DockerEndpoint, TimeSpan.FromMinutes(5));
        Logs = new LogStore(Path.Combine(options.StateDirectory, "logs"));
        TaskLogs = new TaskLogs(Store, docker, Logs, logger);
        Tasks = new TaskRunner(Store, docker, options, StateDirectoryId.Of(options.StateDirectory), TaskLogs, logger);
        Launcher = new TaskLauncher(Store, Arns, Tasks, background);
        Traffic = new ServiceTraffic(Path.Combine(options.StateDirectory, "edges"), logger);
        Routes = new ServiceRoutes(Store, Traffic);
        Deployments = new DeploymentStarter(Store, Launcher, Tasks, Routes, Traffic, options, background, logger);
        scheduler = new ServiceScheduler(Store, Tasks, Launcher, Routes);
        CloudWatch = new EcsCloudWatch(Store, Traffic, options.SecondsPerMinute, logger);
    }

    public EcsStore Store { get; }

    public Arns Arns { get; }

    /// <summary>One-off work that ends with the server (a launch, a stop, a drain).</summary>
    public BackgroundWork Background => background;

    public TaskRunner Tasks { get; }

    public TaskLauncher Launcher { get; }

    /// <summary>CloudWatch Logs' groups and streams: the output of the containers that log through awslogs.</summary>
    public LogStore Logs { get; }

    public TaskLogs TaskLogs { get; }

    public ServiceTraffic Traffic { get; }

    public ServiceRoutes Routes { get; }

    public DeploymentStarter Deployments { get; }

    public EcsCloudWatch CloudWatch { get; }

    /// <summary>Reconciles the saved state with the Docker engine, reconnects the load balancers, resumes and starts the scheduler.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Tasks.ReconcileAsync(cancellationToken);
        await Routes.ReconnectAsync(cancellationToken);
        Deployments.ResumeInterrupted();
        background.Loop("Scheduler", ServiceScheduler.Interval, scheduler.ScheduleAsync);
        background.Loop("CloudWatch", EcsCloudWatch.Interval, CloudWatch.UpdateAsync);
    }

    /// <summary>Stops every deployment, task and load balancer of this local ECS and empties its state (down).</summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        Deployments.StopAll(DownReason);
        await background.StopAsync();
        await Tasks.StopAllAsync(DownReason, cancellationToken);
        await Traffic.RemoveAllAsync(cancellationToken);

        // down is a reset: the next start on this state directory begins empty
        Store.Write(d => d.Clear());
    }

    public async ValueTask DisposeAsync()
    {
        await background.StopAsync();
        Traffic.Dispose();
        scheduler.Dispose();
        docker.Dispose();
        background.Dispose();
    }
}
