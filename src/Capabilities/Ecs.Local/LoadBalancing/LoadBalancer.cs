namespace Pipeline.Ecs.Local.LoadBalancing;

/// <summary>The model's LoadBalancer of a service; see <see cref="ListenerPorts"/> for how its ARNs name loopback ports.</summary>
internal sealed record LoadBalancer
{
    public string? TargetGroupArn { get; init; }

    public string? LoadBalancerName { get; init; }

    public string? ContainerName { get; init; }

    public int? ContainerPort { get; init; }

    public AdvancedConfiguration? AdvancedConfiguration { get; init; }
}

internal sealed record AdvancedConfiguration(
    string? AlternateTargetGroupArn, string? ProductionListenerRule, string? TestListenerRule, string? RoleArn);
