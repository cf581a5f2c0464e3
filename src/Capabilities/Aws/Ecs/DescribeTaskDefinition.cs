namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>DescribeTaskDefinition</c>: family, family:revision or ARN; <c>include: ["TAGS"]</c> for tags.</summary>
public sealed record DescribeTaskDefinitionRequest
{
    public required string TaskDefinition { get; init; }

    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>Output of ECS <c>DescribeTaskDefinition</c>.</summary>
public sealed record DescribeTaskDefinitionResponse
{
    public EcsTaskDefinition? TaskDefinition { get; init; }

    public IReadOnlyList<EcsTag> Tags { get; init; } = [];
}
