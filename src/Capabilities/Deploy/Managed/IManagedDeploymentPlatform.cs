namespace Pipeline.Deploy.Managed;

/// <summary>
/// The port for platforms that run the lifecycle stages themselves and let Pipeline observe and gate them (Amazon ECS
/// native blue/green), beside <see cref="IDeploymentPlatform"/> for the platforms Pipeline drives stage by stage.
/// <para>
/// The whole plan (shift with its steps, bake, gates, alarms) is handed over when the deployment starts; the platform
/// holds each requested gate (ECS: a <c>PAUSE</c> lifecycle hook) until the engine says continue or roll back, with a
/// timeout whose action is rollback so a deploy process that dies never leaves a revision unverified or paused.
/// </para>
/// </summary>
public interface IManagedDeploymentPlatform
{
    /// <summary>Short name for logs and records: "ecs".</summary>
    string Name { get; }

    /// <summary>
    /// RECONCILE_SERVICE: checks the service exists and is set up for blue/green, and returns what serves production
    /// now and the deployment in progress, if any (the engine refuses to start a second one).
    /// </summary>
    Task<ManagedSnapshot> ReconcileAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the release deployable without moving traffic (ECS: renders and registers the task definition with the
    /// image by digest); the returned revision's <see cref="Revision.Id"/> names it (the task definition ARN).
    /// </summary>
    Task<Revision> PrepareAsync(Release release, CancellationToken cancellationToken);

    /// <summary>False when the platform has no migrations to run: the deploy then has no migrations step (and says none ran).</summary>
    bool HasMigrations => true;

    /// <summary>
    /// PRE_SCALE_UP: runs the migrations of <paramref name="revision"/> as a one-off task and waits for it; throws
    /// <see cref="DeployException"/> with the reason when it fails. Does nothing when the platform has no migrations command.
    /// </summary>
    Task RunMigrationsAsync(Revision revision, CancellationToken cancellationToken);

    /// <summary>Starts the deployment of <paramref name="revision"/> following <paramref name="plan"/> (ECS: UpdateService).</summary>
    Task<IManagedDeployment> StartAsync(Revision revision, DeploymentPlan plan, CancellationToken cancellationToken);

    /// <summary>Re-attaches to a deployment by its platform id (an in-progress one found by <see cref="ReconcileAsync"/>).</summary>
    IManagedDeployment Attach(string deploymentId);
}
