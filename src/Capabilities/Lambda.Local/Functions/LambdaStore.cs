using System.Text.Json;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.CloudWatch;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Functions;

/// <summary>
/// The functions and alarms of this local Lambda behind one lock, saved to <c>state.json</c> after every change, so that a
/// restart on the same state directory carries on. Metric data points live in memory only.
/// </summary>
internal sealed class LambdaStore : IAlarmStore
{
    public const string FileName = "state.json";

    private readonly Lock gate = new();
    private readonly string path;
    private readonly LambdaStateData data;

    public LambdaStore(string stateDirectory)
    {
        path = Path.Combine(stateDirectory, FileName);
        data = File.Exists(path) ? Load(path) : new LambdaStateData();
    }

    public T Read<T>(Func<LambdaStateData, T> read)
    {
        lock (gate)
        {
            return read(data);
        }
    }

    /// <summary>Runs <paramref name="change"/> under the lock and saves, also when it throws after changing something.</summary>
    public T Write<T>(Func<LambdaStateData, T> change)
    {
        lock (gate)
        {
            try
            {
                return change(data);
            }
            finally
            {
                var temp = path + ".tmp";
                File.WriteAllText(temp, JsonSerializer.Serialize(data, LambdaJson.State) + "\n");
                File.Move(temp, path, overwrite: true);
            }
        }
    }

    public void Read(Action<LambdaStateData> read) => Read(d =>
    {
        read(d);
        return true;
    });

    public void Write(Action<LambdaStateData> change) => Write(d =>
    {
        change(d);
        return true;
    });

    public T ReadAlarms<T>(Func<Dictionary<string, AlarmState>, T> read) => Read(d => read(d.Alarms));

    public T WriteAlarms<T>(Func<Dictionary<string, AlarmState>, T> change) => Write(d => change(d.Alarms));

    private static LambdaStateData Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LambdaStateData>(File.ReadAllText(path), LambdaJson.State) ?? new LambdaStateData();
        }
        catch (JsonException e)
        {
            throw new LambdaLocalException($"state file {path} is unreadable ({e.Message}); move it away to start empty");
        }
    }
}

/// <summary>What the state file holds: functions by name, metric alarms by name.</summary>
internal sealed class LambdaStateData
{
    public Dictionary<string, FunctionState> Functions { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, AlarmState> Alarms { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The function of <paramref name="name"/>; ResourceNotFoundException as Lambda answers it.</summary>
    public FunctionState Function(string name, Arns arns) =>
        Functions.TryGetValue(name, out var function) ? function : throw LambdaException.NotFound($"Function not found: {arns.Function(name)}");
}
