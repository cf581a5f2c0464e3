namespace Pipeline.Deploy.Ecs;

/// <summary>
/// Deploys the environment's service with ECS rolling updates (<c>deploymentConfiguration.strategy ROLLING</c>)
/// instead of native blue/green: ECS starts new tasks while the service stays within <see cref="MaximumPercent"/> of its
/// desired count, and stops old ones while <see cref="MinimumHealthyPercent"/> stay healthy; the deployment circuit
/// breaker rolls back new tasks that keep failing to start. A rolling update has no test listener and no pre-traffic
/// stage: Pipeline runs the smoke tests against the production URL once ECS finished, bakes, and on a failure deploys
/// the previous task definition again (a rolling update back).
/// </summary>
public sealed record EcsRollingUpdate
{
    /// <summary>The share of the desired count that must stay healthy during the update (0–100; ECS's default 100).</summary>
    public int MinimumHealthyPercent { get; init; } = 100;

    /// <summary>The most tasks, as a share of the desired count, running during the update (100–200 here; ECS's default 200).</summary>
    public int MaximumPercent { get; init; } = 200;

    /// <summary>The deployment circuit breaker with rollback: ECS rolls back when new tasks keep failing to start.</summary>
    public bool CircuitBreaker { get; init; } = true;

    /// <summary>Null when the percents let a rolling update make progress; otherwise what is wrong.</summary>
    public string? Problem() => this switch
    {
        { MinimumHealthyPercent: < 0 or > 100 } => $"the rolling update's minimum healthy percent {MinimumHealthyPercent} is outside 0–100",
        { MaximumPercent: < 100 or > 200 } => $"the rolling update's maximum percent {MaximumPercent} is outside 100–200",
        { MinimumHealthyPercent: 100, MaximumPercent: 100 } =>
            "a rolling update with minimum healthy 100 % and maximum 100 % can neither start a new task nor stop an old one: raise the maximum or lower the minimum",
        _ => null,
    };
}
