using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Lambda;

/// <summary>An alias: the version it points at and, while traffic shifts, the weight of one more version.</summary>
public sealed record AliasConfiguration
{
    public string? AliasArn { get; init; }

    public string? Name { get; init; }

    /// <summary>The version that gets what <see cref="RoutingConfig"/> does not send elsewhere.</summary>
    public string? FunctionVersion { get; init; }

    public string? Description { get; init; }

    public AliasRoutingConfiguration? RoutingConfig { get; init; }

    /// <summary>Changes on every update of the alias: pass it to <c>UpdateAlias</c> to change it only if nobody else did.</summary>
    public string? RevisionId { get; init; }
}

/// <summary>
/// The weighted routing of an alias: at most one other version (numeric, never <c>$LATEST</c>) and its share 0.0–1.0.
/// An explicit empty <see cref="AdditionalVersionWeights"/> clears the routing; null leaves it unchanged.
/// </summary>
public sealed record AliasRoutingConfiguration
{
    public IReadOnlyDictionary<string, double>? AdditionalVersionWeights { get; init; }

    /// <summary>Members this client does not type, sent back as they came (System.Text.Json binds extension data through a setter only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }

    /// <summary>The routing that sends nothing to another version (an explicit empty map, as UpdateAlias needs to clear weights).</summary>
    public static AliasRoutingConfiguration None => new() { AdditionalVersionWeights = new Dictionary<string, double>() };

    /// <summary>The routing that sends <paramref name="weight"/> (0.0–1.0) of the alias's traffic to <paramref name="version"/>.</summary>
    public static AliasRoutingConfiguration To(string version, double weight) =>
        new() { AdditionalVersionWeights = new Dictionary<string, double> { [version] = weight } };
}
