using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;

namespace Pipeline.Deploy.Ecs.Bake;

/// <summary>
/// Pipeline's own eye on a deployment's alarms (<c>DescribeAlarms</c>) once production traffic reaches the new
/// revision, beside ECS's: an alarm whose state changed to ALARM after the deployment started is a breach, reported
/// with the alarm's own reason (Pipeline's bake alarms are set to OK before it starts, so a breach is always a change;
/// see <see cref="BakeAlarmLifecycle"/>). A CloudWatch that cannot be read is logged once and leaves the judging to ECS.
/// </summary>
internal sealed class BakeWatch(CloudWatchClient cloudWatch, IReadOnlyList<string> alarms, ILogger logger)
{
    private bool unreadable;

    /// <summary>Sets Pipeline's bake alarms to OK right before production traffic shifts (see <see cref="AlarmReset"/>).</summary>
    public Task ResetAsync(CancellationToken cancellationToken) =>
        AlarmReset.ResetAsync(cloudWatch, alarms, "production traffic shifts to the new revision", logger, cancellationToken);

    /// <summary>"alarm X went into ALARM: reason" for the alarms in ALARM since <paramref name="since"/>, or null.</summary>
    public async Task<string?> BreachAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (alarms.Count == 0 || unreadable)
        {
            return null;
        }

        DescribeAlarmsResponse described;
        try
        {
            described = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = alarms, MaxRecords = 100 }, cancellationToken);
        }
        catch (AwsException e)
        {
            unreadable = true;
            logger.LogWarning("  cannot read the alarms {Alarms} ({Error}): only ECS judges the bake", string.Join(", ", alarms), e.Message);
            return null;
        }

        var breached = described.MetricAlarms
            .Where(a => a.StateValue == CloudWatchValues.StateValue.Alarm && ChangedAt(a) >= since && a.AlarmName is not null)
            .OrderBy(ChangedAt)
            .ToList();
        return breached.Count == 0
            ? null
            : $"alarm {string.Join(", ", breached.Select(a => a.AlarmName))} went into ALARM: {breached[0].StateReason ?? "no reason given"}";
    }

    /// <summary>When the alarm's state last changed (an update of the same state, such as a new reason, is no change).</summary>
    private static DateTimeOffset? ChangedAt(MetricAlarm alarm) => alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp;
}
