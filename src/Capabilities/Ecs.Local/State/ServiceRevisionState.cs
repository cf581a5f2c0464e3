using System.Text.Json.Nodes;
using Pipeline.Deploy.Edge;
using Pipeline.Ecs.Local.Deployments;
using Pipeline.Ecs.Local.LoadBalancing;

namespace Pipeline.Ecs.Local.State;

/// <summary>An immutable service revision: what a deployment brings in. Colour is the edge slot (target group) it is served from.</summary>
internal sealed class ServiceRevisionState
{
    public required string Arn { get; init; }

    public required string ServiceArn { get; init; }

    public required string ClusterArn { get; init; }

    public required string TaskDefinitionArn { get; init; }

    public required string LaunchType { get; init; }

    public List<LoadBalancer> LoadBalancers { get; init; } = [];

    public JsonNode? NetworkConfiguration { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required EdgeColour Colour { get; init; }

    public List<ContainerImage> ContainerImages { get; init; } = [];
}

/// <summary>An image a revision's container runs.</summary>
internal sealed record ContainerImage(string? ContainerName, string? Image, string? ImageDigest);
