namespace Pipeline.Aws.Ecs;

/// <summary>
/// Input of ECS <c>UpdateService</c>: the members a deploy sets (task definition, deployment configuration, desired
/// count, network and load balancers). A change of task definition starts a service deployment.
/// </summary>
public sealed record UpdateServiceRequest
{
    public string? Cluster { get; init; }

    public required string Service { get; init; }

    public string? TaskDefinition { get; init; }

    public int? DesiredCount { get; init; }

    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    public DeploymentController? DeploymentController { get; init; }

    public NetworkConfiguration? NetworkConfiguration { get; init; }

    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }

    public bool? ForceNewDeployment { get; init; }

    public int? HealthCheckGracePeriodSeconds { get; init; }

    public string? PlatformVersion { get; init; }
}

/// <summary>Output of ECS <c>UpdateService</c>: the service as updated.</summary>
public sealed record UpdateServiceResponse
{
    public EcsService? Service { get; init; }
}
