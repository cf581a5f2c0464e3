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

    public List<MountPoint>? MountPoints { get; init; }

    public LogConfiguration? LogConfiguration { get; init; }

    /// <summary>The container's mount points resolved against the task definition's volumes (not a model member).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<VolumeMount> Mounts { get; init; } = [];

    public static IReadOnlyList<ContainerDefinition> AllOf(JsonObject taskDefinition)
    {
        var volumes = taskDefinition["volumes"]?.Deserialize<List<Volume>>(EcsJson.Options) ?? [];
        var definitions = taskDefinition["containerDefinitions"]?.Deserialize<List<ContainerDefinition>>(EcsJson.Options) ?? [];
        return [.. definitions.Select(d => d with { Mounts = [.. (d.MountPoints ?? []).Select(m => VolumeMount.Of(m, volumes)).OfType<VolumeMount>()] })];
    }
}

/// <summary>A container's <c>logConfiguration</c>: its log driver and the driver's options.</summary>
internal sealed record LogConfiguration(string? LogDriver, Dictionary<string, string>? Options);

internal sealed record NameValue(string? Name, string? Value);

internal sealed record PortMapping(int? ContainerPort, int? HostPort, string? Protocol);

internal sealed record MountPoint(string? SourceVolume, string? ContainerPath, bool? ReadOnly);

/// <summary>A task definition volume: <c>host.sourcePath</c> (a bind mount), <c>dockerVolumeConfiguration</c> or neither (task storage).</summary>
internal sealed record Volume(string? Name, HostVolume? Host, DockerVolumeConfiguration? DockerVolumeConfiguration);

internal sealed record HostVolume(string? SourcePath);

internal sealed record DockerVolumeConfiguration(string? Scope, bool? Autoprovision, string? Driver);

/// <summary>
/// How a mount point becomes a Docker mount: a host source path is a bind mount; a <c>shared</c> Docker volume is the
/// engine's named volume of that name (created when missing, kept across tasks: what blue, green and the migrations
/// task share); anything else is storage of the task alone (an anonymous volume removed with the container).
/// </summary>
internal sealed record VolumeMount(string Type, string? Source, string Target, bool ReadOnly)
{
    public static VolumeMount? Of(MountPoint mount, IReadOnlyList<Volume> volumes)
    {
        if (mount.ContainerPath is not { Length: > 0 } target || volumes.FirstOrDefault(v => v.Name == mount.SourceVolume) is not { } volume)
        {
            return null;
        }

        return volume switch
        {
            { Host.SourcePath: { Length: > 0 } path } => new VolumeMount("bind", path, target, mount.ReadOnly ?? false),
            { DockerVolumeConfiguration.Scope: "shared" } => new VolumeMount("volume", volume.Name, target, mount.ReadOnly ?? false),
            _ => new VolumeMount("volume", null, target, mount.ReadOnly ?? false),
        };
    }
}

internal sealed record HealthCheck(List<string>? Command, int? Interval, int? Timeout, int? Retries, int? StartPeriod);

/// <summary>RunTask's per-container overrides.</summary>
internal sealed record ContainerOverride(string? Name, List<string>? Command, List<NameValue>? Environment);

/// <summary>RunTask's overrides (the members the local ECS applies; the rest is echoed).</summary>
internal sealed record TaskOverride(List<ContainerOverride>? ContainerOverrides);
