using System.Text.Json.Nodes;

namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>The fake's alias: primary version, at most one additional version and its weight, description, revision.</summary>
internal sealed class FakeAlias
{
    public required string FunctionArn { get; init; }

    public required string Name { get; init; }

    public required string FunctionVersion { get; set; }

    public string Description { get; set; } = "";

    public (string Version, double Weight)? Additional { get; set; }

    public string RevisionId { get; set; } = Guid.NewGuid().ToString();

    /// <summary>The <c>AliasConfiguration</c> shape.</summary>
    public JsonObject Json() => new()
    {
        ["AliasArn"] = $"{FunctionArn}:{Name}",
        ["Name"] = Name,
        ["FunctionVersion"] = FunctionVersion,
        ["Description"] = Description,
        ["RevisionId"] = RevisionId,
        ["RoutingConfig"] = new JsonObject
        {
            ["AdditionalVersionWeights"] = Additional is { } extra ? new JsonObject { [extra.Version] = extra.Weight } : new JsonObject(),
        },
    };
}
