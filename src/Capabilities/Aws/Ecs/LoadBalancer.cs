using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>A load balancer target of a service; blue/green needs <see cref="AdvancedConfiguration"/>.</summary>
public sealed record LoadBalancer
{
    public string? TargetGroupArn { get; init; }

    public string? LoadBalancerName { get; init; }

    public string? ContainerName { get; init; }

    public int? ContainerPort { get; init; }

    public AdvancedConfiguration? AdvancedConfiguration { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>The alternate target group and the listener rules that blue/green moves production and test traffic with.</summary>
public sealed record AdvancedConfiguration
{
    public string? AlternateTargetGroupArn { get; init; }

    public string? ProductionListenerRule { get; init; }

    public string? TestListenerRule { get; init; }

    public string? RoleArn { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
