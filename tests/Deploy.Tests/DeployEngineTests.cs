using Pipeline.Deploy.Local;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Tests;

/// <summary>The state machine's logic against a scripted platform: order, steps, triggers, records, validation.</summary>
public sealed class DeployEngineTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "pipeline-deploy-tests", "engine-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ScriptedPlatform platform = new();
    private readonly LocalEnvironmentFolder environment;
    private readonly DeployEngine engine;

    public DeployEngineTests(ITestOutputHelper output)
    {
        environment = LocalEnvironmentFolder.Open(root, "local", new LocalEdgePorts(5080, 5081));
        engine = new DeployEngine(platform, new LocalFileLedger(environment, new XunitLogger(output)), new XunitLogger(output));
    }

    private static DeployRequest Request(string version) => new(new Release(version, "/publish"))
    {
        Bake = new BakeSettings { Duration = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromMilliseconds(20), MinimumRequests = 10 },
    };

    [Fact]
    public async Task A_linear_shift_moves_in_steps_each_watched_then_bakes_and_cleans_up()
    {
        platform.Active = new Revision("blue", new Release("1.0.0", "/releases/1.0.0"));
        var record = await engine.DeployAsync(Request("2.0.0") with { Shift = TrafficShift.Linear(25, TimeSpan.FromMilliseconds(10)) }, CancellationToken.None);

        Assert.True(record.Succeeded);
        Assert.Equal(
            ["reconcile", "scale-up 2.0.0", "test-traffic green", "weight green 25", "weight green 50", "weight green 75", "weight green 100", "clean-up blue"],
            platform.Calls);
        Assert.Equal("/releases/2.0.0", record.Release.Source);
        Assert.Equal("1.0.0", record.PreviousVersion);
        Assert.Equal("Linear 25 % every 0.01s", record.Shift);
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.PostTestTrafficShift && s.Outcome == StageOutcome.Skipped);
        Assert.Equal(DeploymentOutcome.Successful, environment.History.List().Single().Outcome);
    }

    [Theory]
    [InlineData(TrafficShiftKind.AllAtOnce, 100, new[] { 100 })]
    [InlineData(TrafficShiftKind.Linear, 30, new[] { 30, 60, 90, 100 })]
    [InlineData(TrafficShiftKind.Canary, 10, new[] { 10, 100 })]
    public void Steps_follow_the_kind(TrafficShiftKind kind, int percent, int[] expected)
    {
        var steps = new TrafficShift(kind, percent, TimeSpan.FromSeconds(5)).Steps();
        Assert.Equal(expected, steps.Select(s => s.Percent));
        Assert.Equal(TimeSpan.Zero, steps[^1].Bake);
        Assert.All(steps.SkipLast(1), s => Assert.Equal(TimeSpan.FromSeconds(5), s.Bake));
    }

    [Fact]
    public async Task Errors_over_the_threshold_in_a_canary_step_roll_back_but_too_few_requests_do_not()
    {
        platform.Active = new Revision("blue", new Release("1.0.0", "/releases/1.0.0"));
        platform.Health = () => new RevisionHealth(true, 9, 9, TimeSpan.Zero);
        var quiet = await engine.DeployAsync(Request("2.0.0") with { Shift = TrafficShift.Canary(10, TimeSpan.FromMilliseconds(100)) }, CancellationToken.None);
        Assert.True(quiet.Succeeded, "9 requests are below the minimum of 10: not judged");

        platform.Health = () => new RevisionHealth(true, 40, 3, TimeSpan.FromMilliseconds(50));
        var record = await engine.DeployAsync(Request("3.0.0") with { Shift = TrafficShift.Canary(10, TimeSpan.FromMilliseconds(100)) }, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.ErrorRate, record.RollbackReason!.Trigger);
        Assert.Equal("3.0.0 answered 3 errors in 40 requests (7.5 %) during step 1 (10 %), over the 5.0 % limit", record.RollbackReason.Message);
        Assert.Equal("rollback blue -> green", platform.Calls.Last());
        Assert.DoesNotContain("weight blue 100", platform.Calls);
    }

    [Fact]
    public async Task A_bake_without_traffic_says_it_judged_nothing()
    {
        platform.Health = () => new RevisionHealth(true, 0, 0, TimeSpan.Zero);
        var idle = await engine.DeployAsync(Request("1.0.0"), CancellationToken.None);
        Assert.True(idle.Succeeded);
        Assert.Equal(
            "judged nothing: no production traffic during the 0.1s bake (only readiness was watched)",
            idle.Stages.Single(s => s.Stage == DeploymentStage.BakeTime).Message);

        platform.Health = () => new RevisionHealth(true, 3, 0, TimeSpan.Zero);
        var quiet = await engine.DeployAsync(Request("1.1.0"), CancellationToken.None);
        Assert.Equal(
            "judged readiness only: 3 requests over 0.1s, fewer than the 10 needed to judge errors and latency",
            quiet.Stages.Single(s => s.Stage == DeploymentStage.BakeTime).Message);
    }

    [Fact]
    public async Task A_platform_error_keeps_its_remedy_in_the_record()
    {
        platform.ScaleUpFailure = () => new DeployException("image sha256:abc not found on the Docker engine") { Remedy = DeployRemedy.BuildImage };
        var record = await engine.DeployAsync(Request("1.0.0"), CancellationToken.None);

        Assert.Equal(DeployRemedy.BuildImage, record.RollbackReason!.Remedy);
        Assert.Equal(DeployRemedy.BuildImage, environment.History.List().Single().RollbackReason!.Remedy);
        Assert.DoesNotContain("build.sh", record.RollbackReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unhealthy_revision_during_bake_rolls_back()
    {
        platform.Health = () => new RevisionHealth(false, 0, 0, TimeSpan.Zero, "its process (pid 42) is gone");
        var record = await engine.DeployAsync(Request("1.0.0"), CancellationToken.None);
        Assert.Equal(RollbackTrigger.Unhealthy, record.RollbackReason!.Trigger);
        Assert.Equal("1.0.0 became unhealthy during bake: its process (pid 42) is gone", record.RollbackReason.Message);
        Assert.Equal("rollback blue -> none", platform.Calls.Last());
    }

    [Fact]
    public async Task A_failing_migrations_hook_stops_before_scale_up()
    {
        var record = await engine.DeployAsync(Request("1.0.0") with
        {
            BeforeTrafficShift = _ => throw new InvalidOperationException("migration 202611220001 failed: SQLSTATE 42P07"),
        }, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, record.Outcome);
        Assert.Equal(RollbackTrigger.Failure, record.RollbackReason!.Trigger);
        Assert.Equal(
            "migrations (pre-scale-up hook) failed: migration 202611220001 failed: SQLSTATE 42P07 (nothing was deployed: production stays on nothing)",
            record.RollbackReason.Message);
        Assert.DoesNotContain(platform.Calls, c => c.StartsWith("scale-up", StringComparison.Ordinal));
        Assert.DoesNotContain(platform.Calls, c => c.StartsWith("rollback", StringComparison.Ordinal));
        Assert.DoesNotContain(record.Stages, s => s.Stage == DeploymentStage.Rollback);
    }

    [Fact]
    public async Task Cancellation_rolls_back_with_a_token_that_is_not_cancelled()
    {
        platform.Active = new Revision("blue", new Release("1.0.0", "/releases/1.0.0"));
        using var cancel = new CancellationTokenSource();
        platform.OnStep = step => step.Percent == 50 ? cancel.CancelAsync() : Task.CompletedTask;

        var record = await engine.DeployAsync(Request("2.0.0") with { Shift = TrafficShift.Linear(50, TimeSpan.FromSeconds(10)) }, cancel.Token);

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(new RollbackReason(RollbackTrigger.Cancelled, "cancelled during PRODUCTION_TRAFFIC_SHIFT"), record.RollbackReason);
        Assert.False(platform.RollbackToken.IsCancellationRequested);
        Assert.Equal("rollback green -> blue", platform.Calls.Last());
    }

    [Fact]
    public async Task A_failed_rollback_is_recorded_as_such()
    {
        platform.ScaleUpFailure = () => new RevisionNeverHealthyException("2.0.0 on green was not ready within 1s");
        platform.RollbackFailure = () => new DeployException("edge not reachable at 127.0.0.1:1");
        var record = await engine.DeployAsync(Request("2.0.0"), CancellationToken.None);

        Assert.Equal(DeploymentOutcome.RollbackFailed, record.Outcome);
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.Equal("2.0.0 on green was not ready within 1s; the rollback failed too: edge not reachable at 127.0.0.1:1", record.RollbackReason.Message);
    }

    [Fact]
    public async Task A_reconcile_failure_is_thrown_and_recorded_as_failed()
    {
        platform.ReconcileFailure = () => new DeployException("environment 'local': edge public port 127.0.0.1:5080 is already in use");
        var e = await Assert.ThrowsAsync<DeployException>(() => engine.DeployAsync(Request("1.0.0"), CancellationToken.None));
        Assert.StartsWith("environment 'local': edge public port", e.Message, StringComparison.Ordinal);
        Assert.Equal(DeploymentOutcome.Failed, environment.History.List().Single().Outcome);
        Assert.DoesNotContain(platform.Calls, c => c.StartsWith("rollback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_demand_rollback_redeploys_the_previous_successful_release()
    {
        var nothing = await Assert.ThrowsAsync<DeployException>(() => engine.RollbackAsync(null, CancellationToken.None));
        Assert.Equal("nothing to roll back in environment 'local': it has no successful deployment yet", nothing.Message);

        Assert.True((await engine.DeployAsync(Request("1.0.0"), CancellationToken.None)).Succeeded);
        var only = await Assert.ThrowsAsync<DeployException>(() => engine.RollbackAsync(null, CancellationToken.None));
        Assert.Equal("nothing to roll back to in environment 'local': 1.0.0 is the only version deployed successfully", only.Message);

        Assert.True((await engine.DeployAsync(Request("2.0.0"), CancellationToken.None)).Succeeded);
        var rollback = await engine.RollbackAsync(null, CancellationToken.None);

        Assert.True(rollback.Succeeded);
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        Assert.Equal("1.0.0", rollback.Release.Version);
        Assert.Equal("/releases/1.0.0", rollback.Release.Source);
        Assert.Equal(TrafficShift.AllAtOnce.ToString(), rollback.Shift);
    }

    [Fact]
    public async Task Records_left_in_progress_by_a_killed_deploy_are_marked_interrupted()
    {
        var stale = new DeploymentRecord
        {
            Id = "20260101T000000000Z-0.9.0",
            Environment = "local",
            Platform = "scripted",
            Release = new Release("0.9.0", "/publish"),
            Initiator = "someone",
            ProcessId = 999999,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            Outcome = DeploymentOutcome.InProgress,
            Stages =
            [
                new StageResult(DeploymentStage.ReconcileService, StageOutcome.Succeeded, TimeSpan.FromSeconds(1)),
                new StageResult(DeploymentStage.ScaleUp, StageOutcome.Succeeded, TimeSpan.FromSeconds(4)),
            ],
        };
        environment.History.Save(stale);

        await engine.DeployAsync(Request("1.0.0"), CancellationToken.None);

        var marked = environment.History.List().Single(r => r.Id == stale.Id);
        Assert.Equal(DeploymentOutcome.Interrupted, marked.Outcome);
        Assert.StartsWith("the deploying process (pid 999999", marked.RollbackReason!.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), marked.Duration);
    }

    [Theory]
    [InlineData(-1, 0.05, 2000, 10, "bake duration -00:00:01 must be 0 or more")]
    [InlineData(1, 1.5, 2000, 10, "bake max error rate 1.5 is outside 0..1 (0.05 means 5 %)")]
    [InlineData(1, 0.05, 0, 10, "bake max p99 latency 00:00:00 must be more than 0")]
    [InlineData(1, 0.05, 2000, 0, "bake minimum requests 0 must be 1 or more")]
    public async Task Invalid_bake_settings_are_one_line(int seconds, double errorRate, int p99Ms, int minimum, string expected)
    {
        var bake = new BakeSettings
        {
            Duration = TimeSpan.FromSeconds(seconds),
            MaxErrorRate = errorRate,
            MaxP99Latency = TimeSpan.FromMilliseconds(p99Ms),
            MinimumRequests = minimum,
        };
        var e = await Assert.ThrowsAsync<DeploySettingsException>(() => engine.DeployAsync(Request("1.0.0") with { Bake = bake }, CancellationToken.None));
        Assert.Equal(expected, e.Message);
        Assert.Empty(platform.Calls);
    }

    [Theory]
    [InlineData("all-at-once", "AllAtOnce")]
    [InlineData("linear:25:10s", "Linear 25 % every 10s")]
    [InlineData("canary:10%:500ms", "Canary 10 % for 0.5s")]
    public void Traffic_shifts_parse_from_text(string text, string expected) =>
        Assert.Equal(expected, TrafficShift.Parse(text).ToString());

    [Theory]
    [InlineData("linear:0:1s", "traffic shift Linear: step percent 0 is outside 1..100")]
    [InlineData("sideways", "traffic shift 'sideways' is not understood: use all-at-once, linear:<percent>:<bake> or canary:<percent>:<bake> (e.g. linear:25:10s)")]
    public void Bad_traffic_shift_text_is_one_line(string text, string expected) =>
        Assert.Equal(expected, Assert.Throws<DeploySettingsException>(() => TrafficShift.Parse(text)).Message);

    [Fact]
    public void Stage_names_are_those_of_ecs()
    {
        var model = Path.Combine(RepositoryFolder.Root, "tests", "TestData", "aws-models", "ecs-2014-11-13.service-2.json");
        var names = Enum.GetValues<DeploymentStage>().Where(s => s != DeploymentStage.Rollback).Select(s => s.ToEcsName()).ToList();
        Assert.Equal(
            ["RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
             "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"],
            names);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(model));
        var ecs = json.RootElement.GetProperty("shapes").GetProperty("ServiceDeploymentLifecycleStage").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(ecs, names);

        Assert.Equal(DeploymentStage.BakeTime, DeploymentStages.FromEcsName("BAKE_TIME"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
