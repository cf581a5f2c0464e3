using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;

namespace Pipeline.Ecs.Local.LoadBalancing;

/// <summary>
/// The load balancer of each service: one local edge per service (a detached edge process with the service's production
/// and test listeners), whose blue and green upstreams are the service's two target groups. Each colour forwards to one
/// healthy task of its revision.
/// </summary>
internal sealed class ServiceTraffic(string edgesDirectory, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, EdgeClient> edges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RouteTable> applied = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Starts (or reconnects to) the edge of a service; a port in use is an <see cref="EdgeException"/> naming it.</summary>
    public async Task EnsureAsync(string serviceId, ListenerPorts ports, CancellationToken cancellationToken)
    {
        if (edges.ContainsKey(serviceId))
        {
            return;
        }

        var client = await EdgeProcess.EnsureRunningAsync(DirectoryOf(serviceId), new EdgePorts(ports.Production, ports.Test), logger, cancellationToken);
        if (client.Info.PublicPort != ports.Production || client.Info.TestPort != ports.Test)
        {
            await client.ShutdownAsync(cancellationToken);
            client.Dispose();
            client = await EdgeProcess.StartDetachedAsync(DirectoryOf(serviceId), new EdgePorts(ports.Production, ports.Test), logger, cancellationToken);
        }

        edges[serviceId] = client;
    }

    /// <summary>Sets the routes of a service's edge when they differ from what it serves.</summary>
    public async Task ApplyAsync(string serviceId, RouteTable routes, CancellationToken cancellationToken)
    {
        if (!edges.TryGetValue(serviceId, out var edge) || (applied.TryGetValue(serviceId, out var current) && current == routes))
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await edge.SetRoutesAsync(routes, cancellationToken);
            applied[serviceId] = routes;
            logger.LogInformation("Service {Service}: routes {Routes}", serviceId, routes);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Waits until no production request is in flight to <paramref name="colour"/> (its weight must be 0).</summary>
    public async Task DrainAsync(string serviceId, EdgeColour colour, CancellationToken cancellationToken)
    {
        if (edges.TryGetValue(serviceId, out var edge) && applied.TryGetValue(serviceId, out var routes) && routes[colour] is not null && routes.Test != colour)
        {
            await edge.DrainAsync(colour, TimeSpan.FromSeconds(10), cancellationToken);
        }
    }

    /// <summary>Production traffic of one colour after sequence <paramref name="since"/>, or null without an edge.</summary>
    public async Task<EdgeMetrics?> MetricsAsync(string serviceId, EdgeColour colour, long since, CancellationToken cancellationToken) =>
        edges.TryGetValue(serviceId, out var edge) ? await edge.GetMetricsAsync(colour, since, cancellationToken) : null;

    /// <summary>Every production request of one colour after sequence <paramref name="since"/>, or null without an edge.</summary>
    public async Task<EdgeSamples?> SamplesAsync(string serviceId, EdgeColour colour, long since, CancellationToken cancellationToken) =>
        edges.TryGetValue(serviceId, out var edge) ? await edge.GetSamplesAsync(colour, since, cancellationToken) : null;

    /// <summary>The sequence number of the last production request of a service's edge.</summary>
    public async Task<long> SequenceAsync(string serviceId, CancellationToken cancellationToken) =>
        edges.TryGetValue(serviceId, out var edge) ? (await edge.GetStateAsync(cancellationToken)).Sequence : 0;

    /// <summary>Stops a service's edge (DeleteService, down).</summary>
    public async Task RemoveAsync(string serviceId, CancellationToken cancellationToken)
    {
        if (edges.TryRemove(serviceId, out var edge))
        {
            applied.TryRemove(serviceId, out _);
            await edge.ShutdownAsync(cancellationToken);
            edge.Dispose();
        }
        else
        {
            try
            {
                using var client = await EdgeClient.ConnectAsync(DirectoryOf(serviceId), cancellationToken);
                await client.ShutdownAsync(cancellationToken);
            }
            catch (EdgeException)
            {
                // not running
            }
        }
    }

    /// <summary>Stops every edge under the edges directory, also of services this process never loaded.</summary>
    public async Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        var ids = edges.Keys.Concat(Directory.Exists(edgesDirectory) ? Directory.GetDirectories(edgesDirectory).Select(Path.GetFileName).OfType<string>() : [])
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            await RemoveAsync(id, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var edge in edges.Values)
        {
            edge.Dispose();
        }

        gate.Dispose();
    }

    private string DirectoryOf(string serviceId) => Path.Combine(edgesDirectory, serviceId);
}
