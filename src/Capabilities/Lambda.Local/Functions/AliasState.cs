namespace Pipeline.Lambda.Local.Functions;

/// <summary>An alias: its version, and at most one additional version with the share of invocations it gets.</summary>
internal sealed class AliasState
{
    public required string Name { get; init; }

    public required string FunctionVersion { get; set; }

    public string Description { get; set; } = "";

    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    public required string RevisionId { get; set; }
}
