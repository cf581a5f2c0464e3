using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>The network of <c>awsvpc</c> tasks (Fargate): subnets, security groups, public IP.</summary>
public sealed record NetworkConfiguration
{
    public AwsVpcConfiguration? AwsvpcConfiguration { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>Subnets (required by the model in a request, nullable when read), security groups and <c>assignPublicIp</c> (ENABLED/DISABLED).</summary>
public sealed record AwsVpcConfiguration
{
    public IReadOnlyList<string>? Subnets { get; init; }

    public IReadOnlyList<string>? SecurityGroups { get; init; }

    public string? AssignPublicIp { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
