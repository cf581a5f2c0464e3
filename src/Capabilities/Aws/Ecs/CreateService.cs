namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>CreateService</c> (for rehearsal environments and tests; production services are set up by infrastructure code).</summary>
public sealed record CreateServiceRequest
{
    public string? Cluster { get; init; }

    public required string ServiceName { get; init; }

    public string? TaskDefinition { get; init; }

    public int? DesiredCount { get; init; }

    /// <summary><c>FARGATE</c>, <c>EC2</c>, <c>EXTERNAL</c> or <c>MANAGED_INSTANCES</c>.</summary>
    public string? LaunchType { get; init; }

    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    public DeploymentController? DeploymentController { get; init; }

    public NetworkConfiguration? NetworkConfiguration { get; init; }

    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }

    public string? ClientToken { get; init; }

    public IReadOnlyList<EcsTag>? Tags { get; init; }
}

/// <summary>Output of ECS <c>CreateService</c>.</summary>
public sealed record CreateServiceResponse
{
    public EcsService? Service { get; init; }
}
