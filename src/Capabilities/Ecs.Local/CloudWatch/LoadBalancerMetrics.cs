using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Deploy.Edge;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.CloudWatch;

/// <summary>
/// The <c>AWS/ApplicationELB</c> metrics of each service's load balancer, from the real requests its production listener
/// served: one <c>RequestCount</c> (1), <c>HTTPCode_Target_5XX_Count</c> (1 or 0; a proxy failure counts too) and
/// <c>TargetResponseTime</c> (seconds) per request, per target group (dimensions <c>TargetGroup</c> and
/// <c>LoadBalancer</c>, as an Application Load Balancer publishes them) and per load balancer. A target group is a
/// colour of the service's edge: blue is <c>targetGroupArn</c>, green <c>alternateTargetGroupArn</c>.
/// </summary>
internal sealed class LoadBalancerMetrics(MetricStore metrics, ServiceTraffic traffic, ILogger logger)
{
    public const string Namespace = "AWS/ApplicationELB";

    private readonly Dictionary<(string Service, EdgeColour Colour), long> read = [];
    private readonly HashSet<string> unreadable = new(StringComparer.Ordinal);

    /// <summary>Records the requests each service's edge served since the last call (the first call only starts counting).</summary>
    public async Task CollectAsync(IReadOnlyList<ServiceState> services, CancellationToken cancellationToken)
    {
        foreach (var service in services)
        {
            if (service.LoadBalancers is not [var lb, ..] || lb.TargetGroupArn is not { } primary)
            {
                continue;
            }

            var id = ServiceId.Of(service);
            var balancer = LoadBalancerOf(lb, service.Name);
            foreach (var colour in EdgeColours.All)
            {
                var group = colour == EdgeColour.Blue ? primary : lb.AdvancedConfiguration?.AlternateTargetGroupArn ?? primary;
                try
                {
                    await CollectAsync(id, colour, TargetGroupOf(group), balancer, cancellationToken);
                }
                catch (EdgeException e)
                {
                    if (unreadable.Add(id))
                    {
                        logger.LogInformation("Service {Service}: no load balancer metrics ({Message})", service.Name, e.Message);
                    }
                }
            }
        }
    }

    /// <summary>The TargetGroup dimension of a target group ARN: <c>targetgroup/name/id</c>.</summary>
    public static string TargetGroupOf(string arn) => arn[(arn.LastIndexOf(':') + 1)..];

    /// <summary>
    /// The LoadBalancer dimension (<c>app/name/id</c>): read from the production listener rule's ARN
    /// (<c>listener-rule/app/name/id/…</c>), else named after the service.
    /// </summary>
    public static string LoadBalancerOf(LoadBalancer lb, string service)
    {
        var rule = lb.AdvancedConfiguration?.ProductionListenerRule;
        var at = rule?.IndexOf(":listener-rule/", StringComparison.Ordinal) ?? -1;
        var parts = at < 0 ? [] : rule![(at + ":listener-rule/".Length)..].Split('/');
        return parts.Length >= 3 ? string.Join('/', parts[..3]) : $"app/{service}/local";
    }

    private async Task CollectAsync(string service, EdgeColour colour, string targetGroup, string balancer, CancellationToken cancellationToken)
    {
        var key = (service, colour);
        if (!read.TryGetValue(key, out var since))
        {
            read[key] = await traffic.SequenceAsync(service, cancellationToken);
            return;
        }

        if (await traffic.SamplesAsync(service, colour, since, cancellationToken) is not { } samples)
        {
            return;
        }

        read[key] = samples.Sequence;
        var at = DateTimeOffset.UtcNow;
        IReadOnlyList<Dimension>[] sets =
        [
            [new Dimension("TargetGroup", targetGroup), new Dimension("LoadBalancer", balancer)],
            [new Dimension("LoadBalancer", balancer)],
        ];
        for (var i = 0; i < samples.LatenciesMs.Count; i++)
        {
            foreach (var dimensions in sets)
            {
                metrics.Put(new MetricIdentity(Namespace, "RequestCount", dimensions), 1, at);
                metrics.Put(new MetricIdentity(Namespace, "HTTPCode_Target_5XX_Count", dimensions), samples.Errors[i] ? 1 : 0, at);
                metrics.Put(new MetricIdentity(Namespace, "TargetResponseTime", dimensions), samples.LatenciesMs[i] / 1000, at);
            }
        }
    }
}
