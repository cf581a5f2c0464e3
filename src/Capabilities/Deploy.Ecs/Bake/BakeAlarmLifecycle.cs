using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;

namespace Pipeline.Deploy.Ecs.Bake;

/// <summary>
/// The life of a service's bake alarms in CloudWatch: put at each deploy on the target group the new revision will
/// serve from, set to OK (<see cref="AlarmReset"/>; again before production traffic shifts, by <see cref="BakeWatch"/>)
/// so that only what the new revision's traffic does from then on moves them (an alarm left in ALARM by the release
/// just rolled back would otherwise never change state, and never be a breach), the service's
/// older bake alarms deleted; all of them deleted with the service. The current alarms stay between deploys: the
/// service's <c>deploymentConfiguration.alarms</c> names them, and they show the live release's health.
/// </summary>
internal sealed class BakeAlarmLifecycle(string cluster, CloudWatchClient cloudWatch, EcsClient ecs, EcsErrors errors, ILogger logger)
{
    /// <summary>
    /// Puts <paramref name="service"/>'s bake alarms for <paramref name="bake"/>, resets them to OK and deletes its
    /// other bake alarms; answers the alarms put, or none when the service has no target group to watch or
    /// CloudWatch refused them (a warning: the deploy goes on, judged by the declared alarms alone).
    /// </summary>
    public async Task<IReadOnlyList<PutMetricAlarmRequest>> DeclareAsync(EcsService service, BakeSettings bake, string environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (BakeAlarms.For(cluster, service, bake).Count == 0)
        {
            return []; // not blue/green behind a load balancer: nothing to watch, no revision to describe
        }

        var newGroup = await NewTargetGroupAsync(service, cancellationToken);
        var alarms = BakeAlarms.For(cluster, service, bake, newGroup);
        if (alarms.Count == 0)
        {
            return [];
        }

        if (newGroup is null)
        {
            logger.LogInformation("  cannot tell which target group the new revision will serve from: the bake alarms watch both target groups' errors and the load balancer's p99");
        }

        try
        {
            foreach (var alarm in alarms)
            {
                await cloudWatch.PutMetricAlarmAsync(alarm, cancellationToken);
            }
        }
        catch (AwsException e)
        {
            logger.LogWarning("Cannot declare the bake alarms of {Environment} ({Error}): the bake is judged by the declared alarms only", environment, errors.Line(e));
            return [];
        }

        await AlarmReset.ResetAsync(cloudWatch, alarms.Select(a => a.AlarmName), "a new deployment starts", logger, cancellationToken);
        await DeleteAsync(service, alarms.Select(a => a.AlarmName).ToHashSet(StringComparer.Ordinal), cancellationToken);
        return alarms;
    }

    /// <summary>Deletes every bake alarm of <paramref name="service"/> (its service is gone); a CloudWatch that refuses is a warning.</summary>
    public Task<int> DeleteAllAsync(EcsService service, CancellationToken cancellationToken) => DeleteAsync(service, new HashSet<string>(StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// Why <paramref name="alarms"/> cannot judge <paramref name="configuration"/>'s production traffic (see
    /// <see cref="BakeCoverage"/>), or null when they can or cannot be read.
    /// </summary>
    public async Task<string?> UnjudgedAsync(IReadOnlyList<string> alarms, DeploymentConfiguration? configuration, TimeSpan minute, CancellationToken cancellationToken)
    {
        if (alarms.Count == 0 || BakeCoverage.WindowMinutes(configuration) is not { } window)
        {
            return null;
        }

        try
        {
            var described = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [.. alarms.Take(100)], MaxRecords = 100 }, cancellationToken);
            return BakeCoverage.Unjudged(minute * window, described.MetricAlarms, minute);
        }
        catch (AwsException e)
        {
            logger.LogDebug("Cannot read alarms {Alarms} to tell whether they can judge the bake: {Error}", string.Join(", ", alarms), e.Message);
            return null;
        }
    }

    /// <summary>The target group the next revision will serve from: the other one than the live revision's (see <see cref="BakeAlarms.NewTargetGroup"/>).</summary>
    private async Task<string?> NewTargetGroupAsync(EcsService service, CancellationToken cancellationToken)
    {
        switch (service.CurrentServiceRevisions)
        {
            case []:
                return BakeAlarms.NewTargetGroup(service, live: null);
            case [{ Arn: { } arn }]:
                try
                {
                    var described = await ecs.DescribeServiceRevisionsAsync(new DescribeServiceRevisionsRequest { ServiceRevisionArns = [arn] }, cancellationToken);
                    return described.ServiceRevisions.FirstOrDefault() is { } live ? BakeAlarms.NewTargetGroup(service, live) : null;
                }
                catch (AwsException e)
                {
                    logger.LogDebug("Cannot describe service revision {Revision}: {Error}", arn, e.Message);
                    return null;
                }

            default:
                return null; // a deployment still runs: which revision stays live is not known yet
        }
    }

    private async Task<int> DeleteAsync(EcsService service, IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var prefix = BakeAlarms.PrefixOf(cluster, service.ServiceName ?? "") + "-";
        var stale = new List<string>();
        try
        {
            string? next = null;
            do
            {
                var page = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNamePrefix = prefix, MaxRecords = 100, NextToken = next }, cancellationToken);
                stale.AddRange(page.MetricAlarms.Where(a => BakeAlarms.BelongsTo(a, cluster, service) && !keep.Contains(a.AlarmName!)).Select(a => a.AlarmName!));
                next = page.NextToken;
            }
            while (next is not null);

            foreach (var chunk in stale.Chunk(100))
            {
                await cloudWatch.DeleteAlarmsAsync(new DeleteAlarmsRequest { AlarmNames = chunk }, cancellationToken);
            }
        }
        catch (AwsException e)
        {
            logger.LogWarning("  cannot delete the older bake alarms of {Service} ({Error}): delete {Prefix}* alarms by hand if they are no longer wanted", service.ServiceName, errors.Line(e), prefix);
            return 0;
        }

        if (stale.Count > 0)
        {
            logger.LogInformation("  bake alarms deleted: {Alarms}", string.Join(", ", stale));
        }

        return stale.Count;
    }
}
