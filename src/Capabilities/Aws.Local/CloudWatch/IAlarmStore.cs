namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>
/// Where a stand-in keeps its CloudWatch alarms, behind its own lock and in its own state file (the local Lambda's,
/// the local ECS's), so that alarms survive a restart with the rest of its state.
/// </summary>
internal interface IAlarmStore
{
    /// <summary>Runs <paramref name="read"/> on the alarms by name, under the store's lock.</summary>
    T ReadAlarms<T>(Func<Dictionary<string, AlarmState>, T> read);

    /// <summary>Runs <paramref name="change"/> on the alarms by name, under the store's lock, then saves.</summary>
    T WriteAlarms<T>(Func<Dictionary<string, AlarmState>, T> change);

    /// <summary>Runs <paramref name="change"/> on the alarms by name, under the store's lock, then saves.</summary>
    void WriteAlarms(Action<Dictionary<string, AlarmState>> change) => WriteAlarms(d =>
    {
        change(d);
        return true;
    });
}
