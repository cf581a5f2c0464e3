using System.Text.Json.Serialization;

namespace Pipeline.Lambda.Local.Functions;

/// <summary>One function: <c>$LATEST</c>, its published versions, aliases and URLs, and when its pending update completes.</summary>
internal sealed class FunctionState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required VersionConfig Latest { get; set; }

    /// <summary>While an update is InProgress: the <c>$LATEST</c> that invocations still run, as Lambda keeps serving the previous code.</summary>
    public VersionConfig? Serving { get; set; }

    public List<VersionConfig> Versions { get; init; } = [];

    public Dictionary<string, AliasState> Aliases { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, FunctionUrlState> Urls { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The number of the last version published (versions are never renumbered, even after a delete).</summary>
    public int LastVersion { get; set; }

    /// <summary>While the function is Pending or its last update InProgress: when that ends.</summary>
    public DateTimeOffset? UpdateCompletesAt { get; set; }

    [JsonIgnore]
    public bool IsUpdating => Latest.State == "Pending" || Latest.LastUpdateStatus == "InProgress";

    /// <summary>What an invocation of <c>$LATEST</c> runs now.</summary>
    [JsonIgnore]
    public VersionConfig LatestServing => Serving ?? Latest;

    /// <summary>A version by its number, or <c>$LATEST</c>; null when there is none.</summary>
    public VersionConfig? Version(string version) =>
        version == "$LATEST" ? Latest : Versions.FirstOrDefault(v => v.Version == version);
}
