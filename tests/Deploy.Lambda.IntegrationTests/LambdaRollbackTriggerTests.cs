using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Lambda;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Lambda.IntegrationTests.Support;
using Pipeline.Deploy.Ledger;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Deploy.Contract;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Lambda.IntegrationTests;

/// <summary>
/// What the Lambda platform watches during a canary, on the local Lambda's real invocations: the new version's error
/// rate and p99 (GetMetricData with the ExecutedVersion dimension) and a declared CloudWatch alarm each roll the alias
/// back mid-canary; a second deploy sees the first one's lock on the alias; a deploy without a pushed digest, and one
/// onto an alias that points at $LATEST, are refused in one line.
/// </summary>
[Collection(LambdaPlatformCollection.Name)]
[Requires(Requirement.Docker, Requirement.AwsCli, Requirement.Registry)]
public sealed class LambdaRollbackTriggerTests(LambdaPlatformFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LambdaUnderTest platform = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (!LambdaPlatformFixture.Skipped)
        {
            fixture.Lambda.AssertExchangesConform();
        }

        return Task.CompletedTask;
    }

    [FactRequiring]
    public async Task An_error_rate_over_the_threshold_mid_canary_moves_the_alias_back()
    {
        await using var env = await DeployedAsync("1.0.0");
        var spec = env.Spec("2.0.0", ("SAMPLE_FAULT", "errors"), ("SAMPLE_FAULT_RATE", "0.5")) with
        {
            Shift = TrafficShift.Canary(30, TimeSpan.FromSeconds(20)),
            SmokeTests = ReadyOnly,
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(250), MinimumRequests = 10 },
        };

        await using var load = new LoadGenerator(env.PublicUrl, "/todos", concurrency: 4);
        var record = await env.DeployAsync(spec);

        AssertRolledBackMidCanary(record, RollbackTrigger.ErrorRate);
        await AssertServesOnlyAsync(env, "1.0.0");
    }

    [FactRequiring]
    public async Task A_p99_over_the_threshold_mid_canary_moves_the_alias_back()
    {
        await using var env = await DeployedAsync("1.0.0");
        var spec = env.Spec("2.0.0", ("SAMPLE_FAULT", "slow"), ("SAMPLE_FAULT_DELAY_MS", "1500")) with
        {
            Shift = TrafficShift.Canary(30, TimeSpan.FromSeconds(20)),
            SmokeTests = ReadyOnly,
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(250), MinimumRequests = 5, MaxP99Latency = TimeSpan.FromSeconds(1) },
        };

        await using var load = new LoadGenerator(env.PublicUrl, "/todos", concurrency: 4);
        var record = await env.DeployAsync(spec);

        AssertRolledBackMidCanary(record, RollbackTrigger.Latency);
        await AssertServesOnlyAsync(env, "1.0.0");
    }

    [FactRequiring]
    public async Task A_declared_alarm_going_off_mid_canary_moves_the_alias_back_naming_it()
    {
        var alarm = "lp-errors-" + Guid.NewGuid().ToString("N")[..8];
        platform.Alarms = [alarm];
        await using var env = await DeployedAsync("1.0.0");
        using var cloudWatch = new CloudWatchClient(new AwsClientOptions { Region = "us-east-1", ServiceUrl = fixture.Lambda.Endpoint, Credentials = fixture.Credentials });
        await cloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = alarm,
            AlarmDescription = "any function error through the alias",
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
        var spec = env.Spec("2.0.0", ("SAMPLE_FAULT", "errors"), ("SAMPLE_FAULT_RATE", "0.3")) with
        {
            Shift = TrafficShift.Canary(30, TimeSpan.FromSeconds(20)),
            SmokeTests = ReadyOnly,
            // the engine's own error-rate limit out of the way: the alarm decides
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(250), MaxErrorRate = 1 },
        };

        try
        {
            await using var load = new LoadGenerator(env.PublicUrl, "/todos", concurrency: 4);
            var record = await env.DeployAsync(spec);

            AssertRolledBackMidCanary(record, RollbackTrigger.Alarm);
            Assert.Contains(alarm, record.RollbackReason!.Message, StringComparison.Ordinal);
            await AssertServesOnlyAsync(env, "1.0.0");
        }
        finally
        {
            await cloudWatch.DeleteAlarmsAsync(new DeleteAlarmsRequest { AlarmNames = [alarm] }, CancellationToken.None);
        }
    }

    [FactRequiring]
    public async Task A_second_deploy_sees_the_first_ones_lock_on_the_alias_and_status_shows_it()
    {
        await using var env = await DeployedAsync("1.0.0");
        using var cancel = new CancellationTokenSource();
        var first = env.DeployAsync(env.Spec("2.0.0") with { Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(60) } }, cancel.Token);
        await Eventually.WaitForAsync(async () => await env.VersionAsync() == "2.0.0", TimeSpan.FromSeconds(60), "production on 2.0.0");

        // Another environment object on the same alias, as another CI runner would open it: nothing shared but Lambda.
        await using var other = env.Settings.Open(new EnvironmentContext
        {
            Name = env.Name,
            RootDirectory = Path.Combine(Path.GetTempPath(), "pipeline-lambda-other-" + Guid.NewGuid().ToString("N")[..6]),
            LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        });
        var status = await other.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains("in progress: 'deploy 2.0.0'", status, StringComparison.Ordinal);
        Assert.DoesNotContain(": dead", status, StringComparison.Ordinal);

        var locked = await Assert.ThrowsAsync<EnvironmentLockedException>(() => other.DeployAsync(env.Spec("3.0.0"), CancellationToken.None));
        output.WriteLine(locked.Message);
        Assert.Contains($"held by 'deploy 2.0.0' (pid {Environment.ProcessId} on {Environment.MachineName})", locked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', locked.Message);

        await cancel.CancelAsync();
        var record = await first;
        Assert.Equal(RollbackTrigger.Cancelled, record.RollbackReason?.Trigger);
        Assert.Equal("1.0.0", await env.VersionAsync());
    }

    [FactRequiring]
    public async Task An_image_not_given_by_digest_or_a_migrations_command_is_refused_in_one_line_before_anything_changes()
    {
        await using var env = ContractEnvironment.Create(platform, output);

        var error = await Assert.ThrowsAsync<DeploySettingsException>(() => env.Environment.DeployAsync(env.Spec("1.0.0") with { Image = "api:latest" }, CancellationToken.None));

        Assert.Contains("pushed image by digest", error.Message, StringComparison.Ordinal);
        Assert.Contains("'api:latest'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(await platform.RunningAsync(env.Root, env.Name));

        var migrations = await Assert.ThrowsAsync<DeploySettingsException>(
            () => env.Environment.DeployAsync(env.Spec("1.0.0") with { MigrationsCommand = ["alembic", "upgrade", "head"] }, CancellationToken.None));
        Assert.Contains("no one-off task to run the migrations command 'alembic upgrade head' in", migrations.Message, StringComparison.Ordinal);
        Assert.Empty(await platform.RunningAsync(env.Root, env.Name));
    }

    [FactRequiring]
    public async Task An_alias_on_LATEST_is_refused_in_one_line_before_the_code_changes_and_clean_up_says_the_old_version_stays()
    {
        await using var env = await DeployedAsync("1.0.0");
        var second = await env.DeployAsync(env.Spec("2.0.0"));
        Assert.True(second.Succeeded, second.RollbackReason?.Message);
        var cleanUp = Assert.Single(second.Stages, s => s.Stage == DeploymentStage.CleanUp);
        Assert.Matches(@"^version \d+ \(1\.0\.0\) stays published with no weight on live: a rollback moves the alias back to it$", cleanUp.Message);

        // Infrastructure code (or a hand) points the alias at $LATEST, which runs 2.0.0's code.
        using (var client = fixture.Client())
        {
            await client.UpdateAliasAsync(
                new UpdateAliasRequest { FunctionName = env.Name, Name = "live", FunctionVersion = "$LATEST", RoutingConfig = AliasRoutingConfiguration.None },
                CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<DeployException>(() => env.Environment.DeployAsync(env.Spec("3.0.0"), CancellationToken.None));
        output.WriteLine(error.Message);
        Assert.Contains("alias live of " + env.Name + " points at $LATEST", error.Message, StringComparison.Ordinal);
        Assert.Contains("aws lambda update-alias", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("2.0.0", await env.VersionAsync()); // no UpdateFunctionCode reached production through $LATEST
        await Assert.ThrowsAsync<DeployException>(() => env.Environment.RollbackAsync(env.Spec("rollback"), CancellationToken.None));
        Assert.Equal("2.0.0", await env.VersionAsync());
    }

    /// <summary>The bad versions fail or slow down every path but the health checks: only readiness is smoke-tested, so the canary's watch decides.</summary>
    private static Pipeline.Deploy.Smoke.SmokeTests ReadyOnly => new Pipeline.Deploy.Smoke.SmokeTests().Http("ready", "/health/ready");

    private async Task<ContractEnvironment> DeployedAsync(string version)
    {
        var env = ContractEnvironment.Create(platform, output);
        var record = await env.DeployAsync(env.Spec(version));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        return env;
    }

    private static void AssertRolledBackMidCanary(DeploymentRecord record, RollbackTrigger trigger)
    {
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(trigger, record.RollbackReason?.Trigger);
        var shift = Assert.Single(record.Stages, s => s.Stage == DeploymentStage.ProductionTrafficShift);
        Assert.Equal(StageOutcome.Failed, shift.Outcome);
        Assert.Contains("step 1 (30 %)", record.RollbackReason!.Message, StringComparison.Ordinal);
    }

    private async Task AssertServesOnlyAsync(ContractEnvironment env, string version)
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(version, await env.VersionAsync());
        }

        Assert.Single(await platform.RunningAsync(env.Root, env.Name));
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains(": RolledBack", status, StringComparison.Ordinal);
    }
}
