namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>StopServiceDeployment</c>; <see cref="StopType"/> <c>ROLLBACK</c> returns traffic to the source revision.</summary>
public sealed record StopServiceDeploymentRequest
{
    public required string ServiceDeploymentArn { get; init; }

    public string? StopType { get; init; }
}

/// <summary>Output of ECS <c>StopServiceDeployment</c>.</summary>
public sealed record StopServiceDeploymentResponse
{
    public string? ServiceDeploymentArn { get; init; }
}
