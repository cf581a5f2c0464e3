namespace Pipeline.Deploy;

/// <summary>
/// The port of a <b>driven</b> platform: Pipeline performs each of ECS's lifecycle stages through it (the local Process
/// and Docker platforms start processes or containers and move the local edge's weights step by step). Each method is
/// one stage, called by <see cref="DeployEngine"/> in ECS's order; the engine keeps every decision (the migrations hook,
/// the smoke tests, the bake watch, rollback), and keeps the lock and the records in the environment's
/// <see cref="Ledger.IDeploymentLedger"/>. Platforms that run the stages themselves (Amazon ECS) implement
/// <see cref="Managed.IManagedDeploymentPlatform"/> instead.
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
    /// 100 % of production back on the last healthy revision). A platform behind the local edge also starts the edge here.
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
    /// CLEAN_UP: make <paramref name="revision"/> the active one, drain and stop <paramref name="previous"/> (or whatever
    /// the platform does with it); returns what happened to it, one line for the stage (<c>stopped 1.0.0 on blue</c>).
    /// </summary>
    Task<string> CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken);

    /// <summary>
    /// Rollback: all traffic (production and test) back to <paramref name="previous"/> (none on a first deploy),
    /// then drain and stop <paramref name="failed"/> when it was started.
    /// </summary>
    Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken);
}
