using System.Text.Json;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local.State;

/// <summary>
/// Everything the local ECS knows, behind one lock, written to <c>state.json</c> in the state directory after every
/// change so that a restarted server carries on with the same clusters, task definitions, services, tasks and alarms.
/// </summary>
internal sealed class EcsStore : IAlarmStore
{
    public const string FileName = "state.json";

    private readonly Lock gate = new();
    private readonly string? path;
    private readonly EcsStateData data;

    public EcsStore(string? stateDirectory)
    {
        path = stateDirectory is null ? null : Path.Combine(stateDirectory, FileName);
        data = Load(path);
    }

    /// <summary>Runs <paramref name="read"/> under the lock.</summary>
    public T Read<T>(Func<EcsStateData, T> read)
    {
        lock (gate)
        {
            return read(data);
        }
    }

    /// <summary>Runs <paramref name="change"/> under the lock, then saves (also when it throws after changing something).</summary>
    public T Write<T>(Func<EcsStateData, T> change)
    {
        lock (gate)
        {
            try
            {
                return change(data);
            }
            finally
            {
                Save();
            }
        }
    }

    public void Write(Action<EcsStateData> change) => Write(d =>
    {
        change(d);
        return true;
    });

    public T ReadAlarms<T>(Func<Dictionary<string, AlarmState>, T> read) => Read(d => read(d.Alarms));

    public T WriteAlarms<T>(Func<Dictionary<string, AlarmState>, T> change) => Write(d => change(d.Alarms));

    private void Save()
    {
        if (path is null)
        {
            return;
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(data, EcsJson.Indented) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    private static EcsStateData Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new EcsStateData();
        }

        try
        {
            return JsonSerializer.Deserialize<EcsStateData>(File.ReadAllText(path), EcsJson.Options) ?? new EcsStateData();
        }
        catch (JsonException e)
        {
            throw new EcsLocalException($"state file {path} is unreadable ({e.Message}); move it away to start empty");
        }
    }
}

/// <summary>The persisted state: resources by ARN (clusters by name).</summary>
internal sealed class EcsStateData
{
    public Dictionary<string, ClusterState> Clusters { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, TaskDefinitionState> TaskDefinitions { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, ServiceState> Services { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, ServiceRevisionState> Revisions { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, ServiceDeploymentState> Deployments { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, TaskState> Tasks { get; init; } = new(StringComparer.Ordinal);

    /// <summary>CloudWatch metric alarms by name (the CloudWatch API beside ECS's).</summary>
    public Dictionary<string, AlarmState> Alarms { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Forgets everything (down).</summary>
    public void Clear()
    {
        Clusters.Clear();
        TaskDefinitions.Clear();
        Services.Clear();
        Revisions.Clear();
        Deployments.Clear();
        Tasks.Clear();
        Alarms.Clear();
    }

    public ClusterState Cluster(string? nameOrArn)
    {
        var name = Arns.NameOf(string.IsNullOrEmpty(nameOrArn) ? "default" : nameOrArn);
        return Clusters.TryGetValue(name, out var cluster) && cluster.Status == "ACTIVE" ? cluster : throw EcsException.ClusterNotFound();
    }

    public ServiceState Service(ClusterState cluster, string nameOrArn)
    {
        var name = Arns.NameOf(nameOrArn);
        return Services.Values.FirstOrDefault(s => s.ClusterArn == cluster.Arn && s.Name == name && s.Status != "INACTIVE")
            ?? throw EcsException.ServiceNotFound();
    }

    /// <summary>A task definition by family (latest ACTIVE), family:revision, or ARN; ClientException when there is none, as ECS.</summary>
    public TaskDefinitionState TaskDefinition(string reference)
    {
        var name = reference.StartsWith("arn:", StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..] : reference;
        var colon = name.LastIndexOf(':');
        TaskDefinitionState? found = colon < 0
            ? TaskDefinitions.Values.Where(t => t.Family == name && t.Status == "ACTIVE").MaxBy(t => t.Revision)
            : TaskDefinitions.Values.FirstOrDefault(t => t.Family == name[..colon] && t.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) == name[(colon + 1)..]);
        return found ?? throw EcsException.Client("Unable to describe task definition.");
    }
}
