using Pipeline.Deploy;
using Pipeline.Deploy.Managed;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Xunit.Abstractions;
using static Pipeline.Deploy.Ecs.Tests.ManagedEngine.ScriptedDeployment;

namespace Pipeline.Deploy.Ecs.Tests.ManagedEngine;

/// <summary>The managed engine's decisions against a scripted deployment: gates, smoke tests, outcomes, cancellation.</summary>
public sealed class ManagedDeployEngineTests(ITestOutputHelper output)
{
    private readonly List<string> smokeTargets = [];

    [Fact]
    public async Task A_blue_green_deployment_passes_both_gates_and_succeeds()
    {
        var deployment = new ScriptedDeployment("d1")
            .Then(At(DeploymentStage.ScaleUp), At(DeploymentStage.TestTrafficShift, test: 100), Gate(DeploymentGate.PostTestTrafficShift, "h1", 0))
            .OnContinue("h1", At(DeploymentStage.ProductionTrafficShift, 100, 100), Gate(DeploymentGate.PostProductionTrafficShift, "h2", 100))
            .OnContinue("h2", At(DeploymentStage.BakeTime, 100, 100), At(DeploymentStage.CleanUp, 100, 100), Successful());
        var platform = new ScriptedPlatform(deployment);

        var record = await Engine(platform).DeployAsync(Request(Smoke(passes: true)), CancellationToken.None);

        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal(["reconcile", "prepare", "migrations", "start"], platform.Calls);
        Assert.Equal(["continue h1", "continue h2"], deployment.Calls);
        Assert.Equal(["test", "production"], smokeTargets);
        Assert.Equal(
            ["RECONCILE_SERVICE", "PRE_SCALE_UP", "PRE_SCALE_UP", "SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
             "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"],
            record.Stages.Select(s => s.Name));
        Assert.All(record.Stages, s => Assert.Equal(StageOutcome.Succeeded, s.Outcome));
        Assert.Contains("1 smoke tests passed against test", record.Stages.Single(s => s.Stage == DeploymentStage.PostTestTrafficShift).Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", record.PreviousVersion);
        Assert.Equal(ScriptedPlatform.Production, record.Url);
    }

    [Fact]
    public async Task A_bake_its_alarms_cannot_judge_is_recorded_as_not_judged_with_the_reason()
    {
        var deployment = new ScriptedDeployment("d1")
            .Then(At(DeploymentStage.TestTrafficShift, test: 100), Gate(DeploymentGate.PostTestTrafficShift, "h1", 0))
            .OnContinue("h1", At(DeploymentStage.ProductionTrafficShift, 100, 100), Gate(DeploymentGate.PostProductionTrafficShift, "h2", 100))
            .OnContinue("h2", At(DeploymentStage.BakeTime, 100, 100), At(DeploymentStage.CleanUp, 100, 100), Successful());

        var record = await Engine(new ScriptedPlatform(deployment)).DeployAsync(Request(Smoke(passes: true)) with
        {
            Plan = new DeploymentPlan { Alarms = ["api-5xx"], AlarmsCannotJudge = "0 ECS minutes of production traffic" },
        }, CancellationToken.None);

        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.EndsWith("bake not judged by the alarms: 0 ECS minutes of production traffic", record.Stages.Single(s => s.Stage == DeploymentStage.BakeTime).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linear_deployment_smoke_tests_production_at_every_step_with_each_wait_id()
    {
        var deployment = new ScriptedDeployment("d1")
            .Then(At(DeploymentStage.TestTrafficShift, test: 100), Gate(DeploymentGate.PostTestTrafficShift, "t", 0))
            .OnContinue("t", At(DeploymentStage.ProductionTrafficShift, 34), Gate(DeploymentGate.PostProductionTrafficShift, "p1", 34))
            .OnContinue("p1", At(DeploymentStage.ProductionTrafficShift, 67), Gate(DeploymentGate.PostProductionTrafficShift, "p2", 67))
            .OnContinue("p2", At(DeploymentStage.ProductionTrafficShift, 100), Gate(DeploymentGate.PostProductionTrafficShift, "p3", 100))
            .OnContinue("p3", Successful());
        var platform = new ScriptedPlatform(deployment);

        var record = await Engine(platform).DeployAsync(Request(Smoke(passes: true)) with
        {
            Plan = new DeploymentPlan { Shift = TrafficShift.Linear(34, TimeSpan.FromMinutes(1)) },
        }, CancellationToken.None);

        Assert.True(record.Succeeded);
        Assert.Equal(["continue t", "continue p1", "continue p2", "continue p3"], deployment.Calls);
        Assert.Equal(["test", "production", "production", "production"], smokeTargets);
        Assert.Equal(TrafficShiftKind.Linear, platform.StartedWith!.Shift.Kind);
    }

    [Fact]
    public async Task A_failing_smoke_test_at_the_test_listener_rolls_back_before_production_moves()
    {
        var deployment = new ScriptedDeployment("d1")
            .Then(At(DeploymentStage.TestTrafficShift, test: 100), Gate(DeploymentGate.PostTestTrafficShift, "h1", 0));
        var platform = new ScriptedPlatform(deployment);

        var record = await Engine(platform).DeployAsync(Request(Smoke(passes: false)), CancellationToken.None);

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.SmokeTestFailed, record.RollbackReason!.Trigger);
        Assert.Contains("against test (http://127.0.0.1:2/)", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal(["rollback at h1"], deployment.Calls);
        Assert.Equal(["test"], smokeTargets);
        Assert.Equal(StageOutcome.Failed, record.Stages.Single(s => s.Stage == DeploymentStage.PostTestTrafficShift).Outcome);
        Assert.DoesNotContain(record.Stages, s => s.Stage == DeploymentStage.ProductionTrafficShift);
        Assert.Equal(DeploymentStage.Rollback, record.Stages[^1].Stage);
    }

    [Fact]
    public async Task A_rollback_by_an_alarm_is_a_failed_release_naming_the_alarm()
    {
        var deployment = new ScriptedDeployment("d1")
            .Then(At(DeploymentStage.BakeTime, 100, 100), new ManagedDeploymentState
            {
                Status = ManagedDeploymentStatus.RollbackSuccessful,
                StatusReason = "Service deployment rolled back because alarm api-5xx was in ALARM",
                RollbackReason = "alarm",
                TriggeredAlarms = ["api-5xx"],
            });

        var record = await Engine(new ScriptedPlatform(deployment)).DeployAsync(Request(null), CancellationToken.None);

        Assert.False(record.Succeeded);
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Alarm, record.RollbackReason!.Trigger);
        Assert.StartsWith("alarm api-5xx triggered: Service deployment rolled back because alarm api-5xx", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Empty(deployment.Calls);
    }

    [Fact]
    public async Task A_revision_that_never_becomes_healthy_is_a_failed_release_with_the_platform_reason()
    {
        var deployment = new ScriptedDeployment("d1").Then(
            At(DeploymentStage.ScaleUp),
            new ManagedDeploymentState { Status = ManagedDeploymentStatus.RollbackInProgress, StatusReason = "3 tasks failed to start" },
            new ManagedDeploymentState { Status = ManagedDeploymentStatus.RollbackSuccessful, StatusReason = "3 tasks failed to start" });

        var record = await Engine(new ScriptedPlatform(deployment)).DeployAsync(Request(null), CancellationToken.None);

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.Equal("2.0.0 never became healthy: 3 tasks failed to start", record.RollbackReason.Message);
        Assert.Equal(StageOutcome.Failed, record.Stages.Single(s => s.Stage == DeploymentStage.ScaleUp).Outcome);
    }

    [Fact]
    public async Task A_deployment_in_progress_is_refused_with_its_id_and_nothing_starts()
    {
        var platform = new ScriptedPlatform(new ScriptedDeployment("d1")) { InProgress = "arn:aws:ecs:eu-west-1:1:service-deployment/c/s/busy" };

        var error = await Assert.ThrowsAsync<DeployException>(() => Engine(platform).DeployAsync(Request(null), CancellationToken.None));

        Assert.Equal(
            "environment 'staging' has a deployment in progress (arn:aws:ecs:eu-west-1:1:service-deployment/c/s/busy): wait for it to end (Status) or stop it (Rollback), then deploy again",
            error.Message);
        Assert.Equal(["reconcile"], platform.Calls);
    }

    [Fact]
    public async Task Failing_migrations_stop_the_deploy_before_it_starts()
    {
        var platform = new ScriptedPlatform(new ScriptedDeployment("d1")) { MigrationsFailure = new DeployException("the migrations task x exited with code 3") };

        var record = await Engine(platform).DeployAsync(Request(null), CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, record.Outcome);
        Assert.Equal("migrations failed, the service was not updated: the migrations task x exited with code 3", record.RollbackReason!.Message);
        Assert.DoesNotContain("start", platform.Calls);
    }

    [Fact]
    public async Task A_service_without_migrations_has_no_migrations_step_and_never_says_they_ran()
    {
        var deployment = new ScriptedDeployment("d1").Then(At(DeploymentStage.ScaleUp), Successful());
        var platform = new ScriptedPlatform(deployment) { HasMigrations = false };

        var record = await Engine(platform).DeployAsync(Request(null), CancellationToken.None);

        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal(["reconcile", "prepare", "start"], platform.Calls);
        Assert.DoesNotContain(record.Stages, s => s.Message?.Contains("migrations", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Cancelling_at_a_gate_rolls_back_through_the_gate_and_waits_for_it()
    {
        using var cancel = new CancellationTokenSource();
        var deployment = new ScriptedDeployment("d1")
            .Then(At(DeploymentStage.TestTrafficShift, test: 100), Gate(DeploymentGate.PostTestTrafficShift, "h1", 0));
        var smoke = new SmokeTests().Check("slow", async (_, ct) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        });

        var record = await Engine(new ScriptedPlatform(deployment)).DeployAsync(Request(smoke), cancel.Token);

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Cancelled, record.RollbackReason!.Trigger);
        Assert.Equal("cancelled during POST_TEST_TRAFFIC_SHIFT", record.RollbackReason.Message);
        Assert.Equal(["rollback at h1"], deployment.Calls);
    }

    [Fact]
    public async Task A_rollback_that_fails_is_reported_as_such()
    {
        var deployment = new ScriptedDeployment("d1")
            .Then(Gate(DeploymentGate.PostTestTrafficShift, "h1", 0));
        deployment.AfterRollback = [new ManagedDeploymentState { Status = ManagedDeploymentStatus.RollbackFailed, StatusReason = "old tasks failed to start" }];

        var record = await Engine(new ScriptedPlatform(deployment)).DeployAsync(Request(Smoke(passes: false)), CancellationToken.None);

        Assert.Equal(DeploymentOutcome.RollbackFailed, record.Outcome);
        Assert.EndsWith("the rollback failed: old tasks failed to start", record.RollbackReason!.Message, StringComparison.Ordinal);
    }

    private ManagedDeployEngine Engine(IManagedDeploymentPlatform platform) => new(platform, "staging", new XunitLogger(output));

    private static ManagedDeployRequest Request(SmokeTests? smoke) =>
        new(new Release("2.0.0", "registry.example/app@sha256:" + new string('a', 64)), new DeploymentPlan()) { SmokeTests = smoke };

    private SmokeTests Smoke(bool passes) => new SmokeTests().Check("ready", (context, _) =>
    {
        smokeTargets.Add(context.Target);
        return passes ? Task.CompletedTask : throw new InvalidOperationException("503 from /health/ready");
    });
}
