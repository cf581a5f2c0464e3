using Pipeline.Aws.CloudWatch;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// What the bake watch sees of a new version, from CloudWatch: the declared alarms (one in ALARM since the deploy
/// started rolls back), then the version's own production traffic through the alias — <c>AWS/Lambda</c> Invocations,
/// Errors and the p99 of Duration with the <c>ExecutedVersion</c> dimension — over the window, for the engine to judge
/// against the bake's thresholds.
/// </summary>
internal sealed class VersionWatch(CloudWatchClient cloudWatch, LambdaPlatformSettings settings, LambdaErrors errors, DateTimeOffset deployStarted)
{
    public async Task<RevisionHealth> ObserveAsync(string version, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (settings.Alarms.Count > 0)
        {
            var alarms = await errors.CallAsync(() => cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = settings.Alarms }, cancellationToken));
            var firing = alarms.MetricAlarms.FirstOrDefault(a =>
                a.StateValue == "ALARM" && (a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp ?? DateTimeOffset.MaxValue) >= deployStarted);
            if (firing is not null)
            {
                return new RevisionHealth(false, 0, 0, TimeSpan.Zero, firing.StateReason ?? "in ALARM") { Alarm = firing.AlarmName };
            }
        }

        var period = (int)settings.MetricsPeriod.TotalSeconds;
        var data = await errors.CallAsync(() => cloudWatch.GetMetricDataAsync(new GetMetricDataRequest
        {
            MetricDataQueries = [Query("invocations", "Invocations", "Sum", version, period), Query("errors", "Errors", "Sum", version, period), Query("p99", "Duration", "p99", version, period)],
            StartTime = since,
            EndTime = DateTimeOffset.UtcNow.AddSeconds(period),
        }, cancellationToken));
        IReadOnlyList<double> Values(string id) => data.MetricDataResults.FirstOrDefault(r => r.Id == id)?.Values ?? [];
        var requests = (long)Values("invocations").Sum();
        var failed = (long)Values("errors").Sum();
        var p99 = Values("p99").DefaultIfEmpty(0).Max();
        return new RevisionHealth(true, requests, failed, TimeSpan.FromMilliseconds(p99));
    }

    private MetricDataQuery Query(string id, string metric, string stat, string version, int period) => new()
    {
        Id = id,
        ReturnData = true,
        MetricStat = new MetricStat
        {
            Metric = new Metric
            {
                Namespace = "AWS/Lambda",
                MetricName = metric,
                Dimensions =
                [
                    Dimension.Of("FunctionName", settings.FunctionName),
                    Dimension.Of("Resource", $"{settings.FunctionName}:{settings.Alias}"),
                    Dimension.Of("ExecutedVersion", version),
                ],
            },
            Period = period,
            Stat = stat,
        },
    };
}
