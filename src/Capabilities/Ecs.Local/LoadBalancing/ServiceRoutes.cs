using Pipeline.Deploy.Edge;
using Pipeline.Ecs.Local.Deployments;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;

namespace Pipeline.Ecs.Local.LoadBalancing;

/// <summary>
/// Points each service's load balancer at its revisions' healthy tasks with the weights in the service state: the
/// current revision, the target revision of a deployment, and which of them the test listener serves.
/// </summary>
internal sealed class ServiceRoutes(EcsStore store, ServiceTraffic traffic)
{
    /// <summary>Routes the service's load balancer as its state says now.</summary>
    public async Task ApplyAsync(string serviceArn, CancellationToken cancellationToken)
    {
        var (id, routes) = store.Read(d => RoutesOf(d, d.Services[serviceArn]));
        if (routes is not null)
        {
            await traffic.ApplyAsync(id, routes, cancellationToken);
        }
    }

    /// <summary>Reconnects the load balancers of the active services (a restarted local ECS finds their edges again).</summary>
    public async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        foreach (var service in store.Read(d => d.Services.Values.Where(s => s.Status == "ACTIVE").ToList()))
        {
            if (ListenerPorts.Of(service.LoadBalancers) is { } ports)
            {
                await traffic.EnsureAsync(ServiceId.Of(service), ports, cancellationToken);
            }
        }
    }

    private static (string Id, RouteTable? Routes) RoutesOf(EcsStateData data, ServiceState service)
    {
        var id = ServiceId.Of(service);
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
        var chosen = tasks.FirstOrDefault(t => TaskReadiness.IsReady(t, hasLoadBalancer: true));
        var port = chosen is null ? null : TaskReadiness.TargetPortOf(chosen, lb);
        return port is null ? null : new Uri($"http://127.0.0.1:{port}");
    }
}
