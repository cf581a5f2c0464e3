namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>RunTask</c>: a one-off task of a task definition, e.g. migrations with an overridden command.</summary>
public sealed record RunTaskRequest
{
    public required string TaskDefinition { get; init; }

    public string? Cluster { get; init; }

    public int? Count { get; init; }

    /// <summary><c>FARGATE</c>, <c>EC2</c>, <c>EXTERNAL</c> or <c>MANAGED_INSTANCES</c>.</summary>
    public string? LaunchType { get; init; }

    public string? PlatformVersion { get; init; }

    public NetworkConfiguration? NetworkConfiguration { get; init; }

    public TaskOverride? Overrides { get; init; }

    /// <summary>Who started it (up to 128 characters), shown in the console and in <c>ListTasks</c>.</summary>
    public string? StartedBy { get; init; }

    public string? Group { get; init; }

    public string? ClientToken { get; init; }

    public IReadOnlyList<EcsTag>? Tags { get; init; }
}

/// <summary>Per-task changes to the task definition.</summary>
public sealed record TaskOverride
{
    public IReadOnlyList<ContainerOverride>? ContainerOverrides { get; init; }

    public string? Cpu { get; init; }

    public string? Memory { get; init; }

    public string? TaskRoleArn { get; init; }

    public string? ExecutionRoleArn { get; init; }
}

/// <summary>Per-container changes: the command and extra environment variables.</summary>
public sealed record ContainerOverride
{
    public string? Name { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyList<EcsKeyValuePair>? Environment { get; init; }
}

/// <summary>An environment variable (the model's <c>KeyValuePair</c>).</summary>
public sealed record EcsKeyValuePair
{
    public string? Name { get; init; }

    public string? Value { get; init; }
}

/// <summary>Output of ECS <c>RunTask</c>: the tasks started, and a failure for each one that could not be.</summary>
public sealed record RunTaskResponse
{
    public IReadOnlyList<EcsTask> Tasks { get; init; } = [];

    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}
