using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local.Tasks;

/// <summary>The members of a task definition's container definition that the local ECS runs.</summary>
internal sealed record ContainerDefinition
{
    public string? Name { get; init; }

    public string? Image { get; init; }

    public List<string>? Command { get; init; }

    public List<string>? EntryPoint { get; init; }

    public List<NameValue>? Environment { get; init; }

    public List<PortMapping>? PortMappings { get; init; }

    public HealthCheck? HealthCheck { get; init; }

    public bool? Essential { get; init; }

    public string? WorkingDirectory { get; init; }

    public string? User { get; init; }

    public int? Memory { get; init; }

    public int? StopTimeout { get; init; }

    public static IReadOnlyList<ContainerDefinition> AllOf(JsonObject taskDefinition) =>
        taskDefinition["containerDefinitions"]?.Deserialize<List<ContainerDefinition>>(EcsJson.Options) ?? [];
}

internal sealed record NameValue(string? Name, string? Value);

internal sealed record PortMapping(int? ContainerPort, int? HostPort, string? Protocol);

internal sealed record HealthCheck(List<string>? Command, int? Interval, int? Timeout, int? Retries, int? StartPeriod);

/// <summary>RunTask's per-container overrides.</summary>
internal sealed record ContainerOverride(string? Name, List<string>? Command, List<NameValue>? Environment);

/// <summary>RunTask's overrides (the members the local ECS applies; the rest is echoed).</summary>
internal sealed record TaskOverride(List<ContainerOverride>? ContainerOverrides);
