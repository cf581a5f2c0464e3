using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.CloudWatch;

/// <summary>
/// The local ECS's CloudWatch: the load balancers' metrics from their real requests, in memory, and the alarms
/// (PutMetricAlarm) evaluated on them; <see cref="Queries"/> answers the CloudWatch API.
/// </summary>
internal sealed class EcsCloudWatch
{
    private readonly EcsStore store;
    private readonly ILogger logger;
    private readonly AlarmEvaluator alarms;
    private readonly LoadBalancerMetrics loadBalancers;

    public EcsCloudWatch(EcsStore store, ServiceTraffic traffic, double secondsPerMinute, ILogger logger)
    {
        this.store = store;
        this.logger = logger;
        var metrics = new MetricStore();
        Queries = new MetricQueryEvaluator(metrics, secondsPerMinute);
        alarms = new AlarmEvaluator(Queries);
        loadBalancers = new LoadBalancerMetrics(metrics, traffic, logger);
    }

    /// <summary>How often <see cref="UpdateAsync"/> runs.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(200);

    public MetricQueryEvaluator Queries { get; }

    /// <summary>The load balancers' new requests into the metrics, then every alarm evaluated.</summary>
    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        await loadBalancers.CollectAsync(store.Read(d => d.Services.Values.Where(s => s.Status == "ACTIVE").ToList()), cancellationToken);
        alarms.EvaluateAll(store, DateTimeOffset.UtcNow, logger);
    }
}
