using System.Text.Json.Nodes;

namespace Pipeline.Ecs.Local.State;

/// <summary>A task: one Docker container per container definition, with ECS's status, stop code and reasons.</summary>
internal sealed class TaskState
{
    public required string Id { get; init; }

    public required string Arn { get; init; }

    public required string ClusterArn { get; init; }

    public required string TaskDefinitionArn { get; init; }

    public required string Group { get; init; }

    public string? StartedBy { get; init; }

    /// <summary>The RunTask <c>clientToken</c> that started the task: the same token again answers with the same tasks.</summary>
    public string? ClientToken { get; set; }

    /// <summary>The service revision the task belongs to, or null for a RunTask task.</summary>
    public string? ServiceRevisionArn { get; init; }

    public string? ServiceArn { get; init; }

    public string LaunchType { get; init; } = "FARGATE";

    public string LastStatus { get; set; } = "PROVISIONING";

    public string DesiredStatus { get; set; } = "RUNNING";

    public string HealthStatus { get; set; } = "UNKNOWN";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PullStartedAt { get; set; }

    public DateTimeOffset? PullStoppedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? StoppingAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public DateTimeOffset? ExecutionStoppedAt { get; set; }

    public string? StopCode { get; set; }

    public string? StoppedReason { get; set; }

    public string? Cpu { get; init; }

    public string? Memory { get; init; }

    public JsonNode? Overrides { get; init; }

    public List<TaskContainerState> Containers { get; init; } = [];

    public long Version { get; set; } = 1;

    /// <summary>Whether the load balancer's health check of the task's target passes (null: not checked, no load balancer).</summary>
    public bool? TargetHealthy { get; set; }

    /// <summary>Taken out of its target group by a rolling deployment: no new request reaches it, it stops after the deregistration delay.</summary>
    public bool Deregistered { get; set; }

    public bool IsStopped => LastStatus == "STOPPED";
}

/// <summary>One container of a task and the Docker container that runs it.</summary>
internal sealed class TaskContainerState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required string Image { get; init; }

    public string? ImageDigest { get; set; }

    public string? DockerId { get; set; }

    public bool Essential { get; init; } = true;

    public bool HasHealthCheck { get; init; }

    public string LastStatus { get; set; } = "PENDING";

    public int? ExitCode { get; set; }

    public string? Reason { get; set; }

    public string HealthStatus { get; set; } = "UNKNOWN";

    public List<PortBindingState> NetworkBindings { get; set; } = [];

    /// <summary>Where the container's output goes (its <c>awslogs</c> log configuration), or null when it logs nowhere readable.</summary>
    public AwsLogsDestination? Logs { get; set; }

    /// <summary>The time of the last output line kept in its log stream: the next read starts after it.</summary>
    public DateTimeOffset? LogsKeptUntil { get; set; }
}

/// <summary>
/// An <c>awslogs</c> destination: the group, the stream (<c>&lt;prefix&gt;/&lt;container name&gt;/&lt;task id&gt;</c>;
/// without a prefix the Docker container's id, known once it is created) and whether a missing group is created.
/// </summary>
internal sealed record AwsLogsDestination(string Group, string? Stream, bool CreateGroup);

/// <summary>A published container port: ECS's networkBinding.</summary>
internal sealed record PortBindingState(int ContainerPort, int HostPort, string Protocol);
