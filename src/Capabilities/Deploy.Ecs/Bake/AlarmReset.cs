using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;

namespace Pipeline.Deploy.Ecs.Bake;

/// <summary>
/// Sets Pipeline's own bake alarms to OK (<c>SetAlarmState</c>): CloudWatch evaluates them again at their next period,
/// so an alarm left in ALARM by an earlier release (one just rolled back) goes through OK, and the new revision's breach
/// is a state change that ECS and <see cref="BakeWatch"/> see. Alarms the user declared are theirs and left alone.
/// </summary>
internal static class AlarmReset
{
    public static async Task ResetAsync(CloudWatchClient cloudWatch, IEnumerable<string> alarms, string reason, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var alarm in alarms.Where(BakeAlarms.IsPipelines))
        {
            try
            {
                await cloudWatch.SetAlarmStateAsync(
                    new SetAlarmStateRequest { AlarmName = alarm, StateValue = CloudWatchValues.StateValue.Ok, StateReason = $"Pipeline: {reason}" },
                    cancellationToken);
            }
            catch (AwsException e)
            {
                logger.LogWarning("  cannot set alarm {Alarm} to OK ({Error}): if it is already in ALARM, the bake sees no breach until it leaves ALARM", alarm, e.Message);
            }
        }
    }
}
