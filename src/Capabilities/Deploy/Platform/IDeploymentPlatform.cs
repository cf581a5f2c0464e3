namespace Pipeline.Deploy;

/// <summary>
/// The one port of the deploy capability: where a service's revisions run and how traffic reaches them.
/// <para>
/// Each method is one ECS lifecycle stage, called by <see cref="DeployEngine"/> in ECS's order. A platform either
/// <b>performs</b> the stage (driven platforms: Process and Docker start processes or containers and move the local
/// edge's weights step by step) or <b>observes</b> it (managed platforms: on Amazon ECS the service deployment runs
/// the stages itself with its native BLUE_GREEN / LINEAR / CANARY strategy; the method polls
/// <c>DescribeServiceDeployments</c> until <c>lifecycleStage</c> has passed the stage and returns the same result).
/// Either way the engine keeps the decisions: it runs the migrations hook, the smoke tests and the bake watch, and it
/// decides to roll back; so the stages, records and rollback triggers are the same everywhere.
/// </para>
/// <para>
/// The gates map onto ECS as follows. <see cref="ShiftTestTrafficAsync"/> returns once test traffic reaches the new
/// revision: on ECS that is when the <c>PAUSE</c> lifecycle hook at <c>POST_TEST_TRAFFIC_SHIFT</c> is waiting, so the
/// engine's smoke tests run while ECS waits. <see cref="ShiftProductionTrafficAsync"/> is ECS's
/// <c>ContinueServiceDeployment</c>; its <c>stepCompleted</c> callback lets the engine watch each linear/canary step
/// (a managed platform calls it for the steps it observes, at least once at 100 %). <see cref="RollbackAsync"/> is
/// <c>StopServiceDeployment</c> with <c>stopType ROLLBACK</c>, waiting for <c>ROLLBACK_SUCCESSFUL</c>.
/// </para>
/// <para>
/// Contract: every method is idempotent enough to be retried after a crash, throws <see cref="DeployException"/>
/// (or a subclass) with one human line, and honours the token (the engine passes an uncancelled token, with its own
/// time limit, to <see cref="RollbackAsync"/> so a cancelled deploy still rolls back).
/// </para>
/// </summary>
public interface IDeploymentPlatform
{
    /// <summary>Short name for logs and records: "process", "docker", "ecs".</summary>
    string Name { get; }

    /// <summary>
    /// RECONCILE_SERVICE: compare recorded state with reality and converge (stop orphans a crashed deploy left, put
    /// 100 % of production back on the last healthy revision). Driven platforms also start their edge here.
    /// </summary>
    Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken);

    /// <summary>
    /// SCALE_UP: start the new revision beside the active one and wait until it is ready. Throws
    /// <see cref="RevisionNeverHealthyException"/> when it does not become ready within <paramref name="healthTimeout"/>
    /// or exits (with its last output in the message).
    /// </summary>
    Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken);

    /// <summary>TEST_TRAFFIC_SHIFT: send test traffic to the new revision; returns the test endpoint.</summary>
    Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken);

    /// <summary>
    /// PRODUCTION_TRAFFIC_SHIFT: move production traffic to <paramref name="revision"/> following
    /// <paramref name="shift"/>, awaiting <paramref name="stepCompleted"/> after each step (the engine's step bake;
    /// it throws to stop the shift).
    /// </summary>
    Task ShiftProductionTrafficAsync(
        Revision revision,
        TrafficShift shift,
        Func<TrafficStep, CancellationToken, Task> stepCompleted,
        CancellationToken cancellationToken);

    /// <summary>
    /// Opens a metrics window on <paramref name="revision"/>'s production traffic; pass the returned mark to
    /// <see cref="ObserveAsync"/>.
    /// </summary>
    Task<long> MarkAsync(Revision revision, CancellationToken cancellationToken);

    /// <summary>Health and production traffic of <paramref name="revision"/> since <paramref name="mark"/>.</summary>
    Task<RevisionHealth> ObserveAsync(Revision revision, long mark, CancellationToken cancellationToken);

    /// <summary>
    /// CLEAN_UP: make <paramref name="revision"/> the active one, drain and stop <paramref name="previous"/>.
    /// </summary>
    Task CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken);

    /// <summary>
    /// Rollback: all traffic (production and test) back to <paramref name="previous"/> (none on a first deploy),
    /// then drain and stop <paramref name="failed"/> when it was started.
    /// </summary>
    Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken);
}
