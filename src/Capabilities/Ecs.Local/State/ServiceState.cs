using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Deployments;
using Pipeline.Ecs.Local.LoadBalancing;

namespace Pipeline.Ecs.Local.State;

/// <summary>A service: its desired state, the revision production runs and the deployment that moves it.</summary>
internal sealed class ServiceState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required string ClusterName { get; init; }

    public required string ClusterArn { get; init; }

    public string Status { get; set; } = "ACTIVE";

    public int DesiredCount { get; set; }

    public required string TaskDefinitionArn { get; set; }

    public string LaunchType { get; set; } = "FARGATE";

    public DeploymentConfiguration DeploymentConfiguration { get; set; } = new();

    public List<LoadBalancer> LoadBalancers { get; set; } = [];

    public JsonNode? NetworkConfiguration { get; set; }

    public int? HealthCheckGracePeriodSeconds { get; set; }

    public string? PropagateTags { get; set; }

    public bool EnableExecuteCommand { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<Tag> Tags { get; set; } = [];

    /// <summary>The revision production traffic goes to (ECS's "blue" once a deployment has finished).</summary>
    public string? CurrentRevisionArn { get; set; }

    /// <summary>The latest service deployment.</summary>
    public string? CurrentDeploymentArn { get; set; }

    /// <summary>Production share of the target revision while a deployment shifts traffic (0..100).</summary>
    public double TargetProductionWeight { get; set; }

    /// <summary>The revision the test listener sends to, or null for the current one.</summary>
    public string? TestRevisionArn { get; set; }

    /// <summary>The revision a deployment is bringing in, while it runs.</summary>
    public string? TargetRevisionArn { get; set; }

    /// <summary>
    /// While a rolling deployment replaces the current revision's tasks: how many of them the scheduler keeps (null:
    /// the desired count), so that the tasks the deployment drained are not started again.
    /// </summary>
    public int? RollingSourceCount { get; set; }

    public List<ServiceEventState> Events { get; set; } = [];

    public long NextRevisionId { get; set; } = 1;
}

/// <summary>One line of a service's event log.</summary>
internal sealed record ServiceEventState(string Id, DateTimeOffset CreatedAt, string Message);
