using System.Globalization;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;

namespace Pipeline.Deploy.Ecs.Bake;

/// <summary>
/// Whether a deployment's alarms can judge its bake: an alarm decides once per period, over EvaluationPeriods
/// periods, so production traffic on the new revision for less than period × evaluation periods (the production
/// shift's steps and the bake) ends before any alarm has seen enough of it. Pipeline does not lengthen the bake
/// behind the user's back: it says so, when the deploy starts, in the record and in Status.
/// </summary>
internal static class BakeCoverage
{
    /// <summary>
    /// Why <paramref name="alarms"/> cannot judge <paramref name="window"/> of production traffic (in the platform's
    /// time, where <paramref name="minute"/> is one ECS minute), or null when one of them can (or none is known).
    /// </summary>
    public static string? Unjudged(TimeSpan window, IReadOnlyList<MetricAlarm> alarms, TimeSpan minute)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        var spans = alarms.Select(a => (Alarm: a, Seconds: SpanSeconds(a))).OrderBy(a => a.Seconds).ToList();
        if (spans.Count == 0)
        {
            return null;
        }

        var shortest = spans[0];
        var needed = minute * (shortest.Seconds / 60.0);
        if (window >= needed - TimeSpan.FromMilliseconds(1))
        {
            return null;
        }

        var minutes = (int)Math.Ceiling(shortest.Seconds / 60.0);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Minutes(window / minute)} of production traffic on the new revision is shorter than one evaluation of alarm {shortest.Alarm.AlarmName} "
            + $"({shortest.Alarm.EvaluationPeriods ?? 1} × {PeriodOf(shortest.Alarm)} s): bake at least {minutes} ECS minute{(minutes == 1 ? "" : "s")} (--bake-seconds {(minute * minutes).TotalSeconds:0.###}) for the alarms to judge it");
    }

    /// <summary>
    /// ECS minutes the new revision takes production traffic under <paramref name="configuration"/> before the
    /// deployment ends: the bake, after each LINEAR step but the last or the CANARY step; null for a rolling update.
    /// </summary>
    public static int? WindowMinutes(DeploymentConfiguration? configuration)
    {
        if (configuration is null || configuration.Strategy == EcsValues.Strategy.Rolling)
        {
            return null;
        }

        var steps = configuration.Strategy switch
        {
            EcsValues.Strategy.Linear when configuration.LinearConfiguration is { StepPercent: > 0 and < 100 and var step } linear =>
                ((int)Math.Ceiling(100 / step - 1e-9) - 1) * (linear.StepBakeTimeInMinutes ?? 0),
            EcsValues.Strategy.Canary => configuration.CanaryConfiguration?.CanaryBakeTimeInMinutes ?? 0,
            _ => 0,
        };
        return (configuration.BakeTimeInMinutes ?? 0) + steps;
    }

    /// <summary>Period × evaluation periods of an alarm, in CloudWatch seconds.</summary>
    public static int SpanSeconds(MetricAlarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return PeriodOf(alarm) * Math.Max(1, alarm.EvaluationPeriods ?? 1);
    }

    /// <summary>The alarm's period: its own, else the shortest of its metrics (metric math), else CloudWatch's 60 s.</summary>
    private static int PeriodOf(MetricAlarm alarm) =>
        alarm.Period ?? (alarm.Metrics ?? []).Select(m => m.MetricStat?.Period ?? m.Period).OfType<int>().DefaultIfEmpty(60).Min();

    private static string Minutes(double minutes) => minutes.ToString("0.##", CultureInfo.InvariantCulture) + (Math.Abs(minutes - 1) < 1e-9 ? " ECS minute" : " ECS minutes");
}
