using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs.Tests;

public sealed class EcsDeploymentStateTests
{
    [Fact]
    public void A_pause_hook_awaiting_action_at_post_test_traffic_shift_is_the_test_gate_with_its_hook_id()
    {
        var state = EcsDeploymentState.From(new ServiceDeployment
        {
            Status = "IN_PROGRESS",
            LifecycleStage = "POST_TEST_TRAFFIC_SHIFT",
            TargetServiceRevision = new ServiceRevisionSummary { RequestedProductionTrafficWeight = 0, RequestedTestTrafficWeight = 100 },
            LifecycleHookDetails =
            [
                new DeploymentLifecycleHookDetail { HookId = "old", TargetType = "PAUSE", Status = "SUCCEEDED" },
                new DeploymentLifecycleHookDetail { HookId = "h2", TargetType = "PAUSE", Status = "AWAITING_ACTION", ExpiresAt = DateTimeOffset.UnixEpoch },
            ],
        });

        Assert.Equal(ManagedDeploymentStatus.InProgress, state.Status);
        Assert.Equal(new GateWait(DeploymentGate.PostTestTrafficShift, "h2", DateTimeOffset.UnixEpoch), state.WaitingAt);
        Assert.Equal(100, state.TestWeight);
        Assert.Equal(0, state.ProductionWeight);
    }

    [Fact]
    public void Unknown_values_read_leniently_and_rollback_details_carry_over()
    {
        var state = EcsDeploymentState.From(new ServiceDeployment
        {
            Status = "A_STATUS_FROM_THE_FUTURE",
            LifecycleStage = "A_STAGE_FROM_THE_FUTURE",
            Rollback = new ServiceDeploymentRollback { Reason = "alarm" },
            Alarms = new ServiceDeploymentAlarms { TriggeredAlarmNames = ["api-5xx"] },
        });

        Assert.Equal(ManagedDeploymentStatus.Unknown, state.Status);
        Assert.Null(state.Stage);
        Assert.Equal("alarm", state.RollbackReason);
        Assert.Equal(["api-5xx"], state.TriggeredAlarms);
        Assert.False(state.IsTerminal);
    }

    [Fact]
    public void Same_as_compares_alarm_lists_by_content()
    {
        var a = new ManagedDeploymentState { Status = ManagedDeploymentStatus.InProgress, TriggeredAlarms = ["x"] };
        var b = new ManagedDeploymentState { Status = ManagedDeploymentStatus.InProgress, TriggeredAlarms = ["x"] };

        Assert.True(a.SameAs(b));
        Assert.False(a.SameAs(b with { ProductionWeight = 10 }));
    }
}
