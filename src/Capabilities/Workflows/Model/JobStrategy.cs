namespace Pipeline.Workflows.Model;

/// <summary>
/// <c>strategy:</c> a matrix of named dimensions, each with its values; <see cref="Include"/> adds legs (or values to
/// matching legs) and <see cref="Exclude"/> removes the legs it matches.
/// </summary>
public sealed record JobStrategy(IReadOnlyDictionary<string, IReadOnlyList<string>> Matrix)
{
    public bool? FailFast { get; init; }
    public int? MaxParallel { get; init; }
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Include { get; init; } = [];
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Exclude { get; init; } = [];
}
