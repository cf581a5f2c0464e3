using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Lambda;
using Pipeline.Deploy.Lambda.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Deploy.Contract;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Lambda.IntegrationTests;

/// <summary>
/// Issue #25's figure: how long from an alarm's breach to all traffic back on the old version (the goal is seconds,
/// against the 5-minute recovery objective). Each run deploys a version that fails 30 % of its invocations as a canary
/// under load; a declared CloudWatch alarm (any error through the alias in a one-minute period, a minute lasting a
/// second here) goes off; the time is the alarm's StateTransitionedTimestamp to the first GetAlias (polled every 25 ms
/// beside the deploy) showing the old version alone. Also shown: from the first failed request the load saw.
/// <c>PIPELINE_LAMBDA_BENCH_RUNS</c> sets the number of runs (default 3); the median is printed.
/// </summary>
[Collection(LambdaPlatformCollection.Name)]
[Requires(Requirement.Docker, Requirement.AwsCli, Requirement.Registry)]
public sealed class RollbackBenchmark(LambdaPlatformFixture fixture, ITestOutputHelper output)
{
    [FactRequiring]
    public async Task Rollback_from_alarm_breach_to_all_traffic_on_the_old_version_takes_seconds()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_LAMBDA_BENCH_RUNS"), CultureInfo.InvariantCulture, out var n) ? n : 3;
        var alarm = "lp-bench-" + Guid.NewGuid().ToString("N")[..8];
        var platform = new LambdaUnderTest(fixture) { Alarms = [alarm] };
        await using var env = ContractEnvironment.Create(platform, output);
        Assert.True((await env.DeployAsync(env.Spec("1.0.0"))).Succeeded);
        using var cloudWatch = new CloudWatchClient(new AwsClientOptions { Region = "us-east-1", ServiceUrl = fixture.Lambda.Endpoint, Credentials = fixture.Credentials });
        using var lambda = fixture.Client();
        var old = (await lambda.GetAliasAsync(new GetAliasRequest { FunctionName = env.Name, Name = "live" }, CancellationToken.None)).FunctionVersion!;
        await cloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = alarm,
            Namespace = "AWS/Lambda",
            MetricName = "Errors",
            Statistic = "Sum",
            Dimensions = [Dimension.Of("FunctionName", env.Name), Dimension.Of("Resource", $"{env.Name}:live")],
            Period = 60,
            EvaluationPeriods = 1,
            Threshold = 0,
            ComparisonOperator = "GreaterThanThreshold",
            TreatMissingData = "notBreaching",
        }, CancellationToken.None);

        var fromAlarm = new List<TimeSpan>();
        var fromFirstError = new List<TimeSpan>();
        try
        {
            for (var run = 1; run <= runs; run++)
            {
                await Eventually.WaitForAsync(async () => await StateAsync(cloudWatch, alarm) == "OK", TimeSpan.FromSeconds(30), "the alarm back to OK");
                using var stop = new CancellationTokenSource();
                var firstError = DateTimeOffset.MaxValue;
                var load = LoadAsync(env.PublicUrl, t => firstError = firstError < t ? firstError : t, stop.Token);
                var back = WatchAliasAsync(lambda, env.Name, old, stop.Token);
                var record = await env.DeployAsync(env.Spec($"2.0.{run}", ("SAMPLE_FAULT", "errors"), ("SAMPLE_FAULT_RATE", "0.3")) with
                {
                    Shift = TrafficShift.Canary(30, TimeSpan.FromSeconds(30)),
                    SmokeTests = new Smoke.SmokeTests().Http("ready", "/health/ready"),
                    Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(250), MaxErrorRate = 1 },
                });
                var backAt = await back;
                await stop.CancelAsync();
                await load;
                Assert.Equal(RollbackTrigger.Alarm, record.RollbackReason?.Trigger);
                var described = (await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [alarm] }, CancellationToken.None)).MetricAlarms[0];
                var breach = described.StateTransitionedTimestamp!.Value;
                fromAlarm.Add(backAt - breach);
                fromFirstError.Add(backAt - firstError);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: alarm breach -> all traffic on version {old}: {(backAt - breach).TotalMilliseconds:0} ms; first failed request -> all on {old}: {(backAt - firstError).TotalMilliseconds:0} ms"));
            }
        }
        finally
        {
            await cloudWatch.DeleteAlarmsAsync(new DeleteAlarmsRequest { AlarmNames = [alarm] }, CancellationToken.None);
        }

        var median = Median(fromAlarm);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rollback from alarm breach to all traffic on the old version: median {median.TotalMilliseconds:0} ms over {runs} runs (from the first failed request: median {Median(fromFirstError).TotalMilliseconds:0} ms); poll 250 ms, CloudWatch minute = 1 s"));
        Assert.True(median < TimeSpan.FromSeconds(10), $"median rollback {median.TotalSeconds:0.0} s");
    }

    private static async Task<string?> StateAsync(CloudWatchClient cloudWatch, string alarm) =>
        (await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [alarm] }, CancellationToken.None)).MetricAlarms.FirstOrDefault()?.StateValue;

    /// <summary>The first time, after the alias was split, that it routes everything to <paramref name="old"/> again.</summary>
    private static async Task<DateTimeOffset> WatchAliasAsync(LambdaClient lambda, string function, string old, CancellationToken cancellationToken)
    {
        var split = false;
        while (true)
        {
            var alias = await lambda.GetAliasAsync(new GetAliasRequest { FunctionName = function, Name = "live" }, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var weighted = alias.RoutingConfig?.AdditionalVersionWeights is { Count: > 0 };
            split |= weighted;
            if (split && !weighted && alias.FunctionVersion == old)
            {
                return now;
            }

            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>Four workers on the production URL until cancelled, reporting when a request first failed.</summary>
    private static async Task LoadAsync(Uri url, Action<DateTimeOffset> failed, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    using var answer = await http.GetAsync("todos", cancellationToken);
                    if ((int)answer.StatusCode >= 500)
                    {
                        lock (gate)
                        {
                            failed(DateTimeOffset.UtcNow);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    lock (gate)
                    {
                        failed(DateTimeOffset.UtcNow);
                    }
                }
            }
        }));
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
    }
}
