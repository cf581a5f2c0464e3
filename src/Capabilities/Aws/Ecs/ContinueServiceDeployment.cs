namespace Pipeline.Aws.Ecs;

/// <summary>
/// Input of ECS <c>ContinueServiceDeployment</c>: lets a deployment go past the <c>PAUSE</c> hook <see cref="HookId"/>
/// (<see cref="EcsValues.HookAction"/> CONTINUE, the default) or rolls it back (ROLLBACK).
/// </summary>
public sealed record ContinueServiceDeploymentRequest
{
    public required string ServiceDeploymentArn { get; init; }

    public required string HookId { get; init; }

    public string? Action { get; init; }
}

/// <summary>Output of ECS <c>ContinueServiceDeployment</c>.</summary>
public sealed record ContinueServiceDeploymentResponse
{
    public string? ServiceDeploymentArn { get; init; }
}
