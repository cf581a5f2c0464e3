namespace Pipeline.Workflows.Model;

/// <summary><c>strategy:</c> a matrix of named dimensions, each with its values.</summary>
public sealed record JobStrategy(IReadOnlyDictionary<string, IReadOnlyList<string>> Matrix)
{
    public bool? FailFast { get; init; }
    public int? MaxParallel { get; init; }
}
