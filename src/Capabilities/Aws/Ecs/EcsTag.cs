namespace Pipeline.Aws.Ecs;

/// <summary>A resource tag.</summary>
public sealed record EcsTag
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}
