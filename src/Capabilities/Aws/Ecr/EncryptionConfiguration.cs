using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecr;

/// <summary>How a repository's images are encrypted at rest.</summary>
public sealed record EncryptionConfiguration
{
    /// <summary><c>AES256</c>, <c>KMS</c> or <c>KMS_DSSE</c>; required by the model in a request, nullable when read.</summary>
    public string? EncryptionType { get; init; }

    /// <summary>The KMS key ARN when <see cref="EncryptionType"/> is a KMS one; null uses the AWS managed key.</summary>
    public string? KmsKey { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
