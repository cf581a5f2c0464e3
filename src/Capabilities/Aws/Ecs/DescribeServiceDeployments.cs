namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>DescribeServiceDeployments</c> (up to 20 ARNs).</summary>
public sealed record DescribeServiceDeploymentsRequest
{
    public required IReadOnlyList<string> ServiceDeploymentArns { get; init; }
}

/// <summary>Output of ECS <c>DescribeServiceDeployments</c>.</summary>
public sealed record DescribeServiceDeploymentsResponse
{
    public IReadOnlyList<ServiceDeployment> ServiceDeployments { get; init; } = [];

    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}
