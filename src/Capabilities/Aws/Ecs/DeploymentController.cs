namespace Pipeline.Aws.Ecs;

/// <summary>Who deploys the service (<see cref="EcsValues.Controller"/>); native blue/green needs <c>ECS</c>.</summary>
public sealed record DeploymentController
{
    public required string Type { get; init; }
}
