using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecr;

/// <summary>Whether ECR scans each image when it is pushed.</summary>
public sealed record ImageScanningConfiguration
{
    public bool? ScanOnPush { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
