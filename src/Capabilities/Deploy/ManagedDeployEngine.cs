using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Managed;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>
/// The deploy engine for managed platforms (Amazon ECS native blue/green), beside <see cref="DeployEngine"/> for the
/// platforms Pipeline drives. The platform runs the lifecycle stages; the engine prepares the release, runs the
/// migrations, hands over the whole plan, then watches: every stage the platform reports is printed with the traffic
/// weights and recorded; at each gate (POST_TEST_TRAFFIC_SHIFT: test endpoint, POST_PRODUCTION_TRAFFIC_SHIFT:
/// production, at every step for linear and canary) it runs the smoke tests and continues or rolls back. Only
/// SUCCESSFUL is a release: a rollback, whoever started it (smoke tests, the platform's health checks, an alarm, a gate
/// timeout, cancellation), ends in a record that is not <see cref="DeploymentRecord.Succeeded"/>, with its reason.
/// A second deployment while one is in progress is refused with a line naming it.
/// </summary>
public sealed class ManagedDeployEngine(IManagedDeploymentPlatform platform, string environment, ILogger logger)
{
    /// <summary>
    /// Deploys <see cref="ManagedDeployRequest.Release"/>. Returns the record whatever the outcome after the deployment
    /// started or migrations ran; throws <see cref="DeployException"/> for what stops it before anything changed
    /// (settings, pre-flight checks, a deployment already in progress). Cancelling rolls back, waits for the rollback
    /// and returns a record with trigger <see cref="RollbackTrigger.Cancelled"/>.
    /// </summary>
    public async Task<DeploymentRecord> DeployAsync(ManagedDeployRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } error)
        {
            throw new DeploySettingsException(error);
        }

        return await new Run(request, platform, environment, logger).DeployAsync(cancellationToken);
    }

    /// <summary>
    /// Rolls back the deployment <paramref name="deploymentId"/> that is in progress and waits until it has. The record
    /// is a <see cref="DeploymentKind.Rollback"/> of the release of <paramref name="request"/> (what serves again), and
    /// is <see cref="DeploymentOutcome.Successful"/> when the deployment ended rolled back.
    /// </summary>
    public async Task<DeploymentRecord> StopAsync(string deploymentId, ManagedDeployRequest request, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        ArgumentNullException.ThrowIfNull(request);
        return await new Run(request with { Kind = DeploymentKind.Rollback }, platform, environment, logger).StopAsync(deploymentId, reason, cancellationToken);
    }

    /// <summary>One execution: the mutable progress of a deployment, turned into a record at the end.</summary>
    private sealed class Run(ManagedDeployRequest request, IManagedDeploymentPlatform platform, string environment, ILogger logger)
    {
        private readonly DeploymentProgress progress = new(environment, platform.Name, request.Kind, request.Release, request.Initiator, request.Plan.Shift, logger);
        private readonly HashSet<string> handledGates = new(StringComparer.Ordinal);
        private readonly Stopwatch stageClock = new();
        private ManagedSnapshot? snapshot;
        private ManagedDeploymentState? last;
        private DeploymentStage? observedStage;
        private DeploymentStage? lastForwardStage;
        private string? stageNote;
        private StageOutcome stageOutcome = StageOutcome.Succeeded;

        public async Task<DeploymentRecord> DeployAsync(CancellationToken cancellationToken)
        {
            try
            {
                snapshot = await StageAsync(DeploymentStage.ReconcileService, async ct =>
                {
                    var s = await platform.ReconcileAsync(ct);
                    if (s.InProgressDeploymentId is { } busy)
                    {
                        throw new DeployException(
                            $"environment '{environment}' has a deployment in progress ({busy}): wait for it to end (Status) or stop it (Rollback), then deploy again");
                    }

                    return (s, $"active: {s.Active?.Release.Version ?? "none"}");
                }, cancellationToken);
            }
            catch (Exception e)
            {
                Finish(DeploymentOutcome.Failed, Reason(e, "reconciling the environment"));
                throw;
            }

            Revision revision;
            try
            {
                revision = await StageAsync(DeploymentStage.PreScaleUp, async ct =>
                {
                    var prepared = await platform.PrepareAsync(request.Release, ct);
                    return (prepared, $"prepared {prepared.Id}");
                }, cancellationToken);
                progress.Record = progress.Record with { Release = revision.Release };
            }
            catch (Exception e)
            {
                Finish(DeploymentOutcome.Failed, Reason(e, "preparing the release"));
                throw;
            }

            if (platform.HasMigrations)
            {
                try
                {
                    await StageAsync(DeploymentStage.PreScaleUp, async ct =>
                    {
                        await platform.RunMigrationsAsync(revision, ct);
                        return (true, "migrations ran");
                    }, cancellationToken);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Nothing moved: the service still runs the previous revision, untouched.
                    return Finish(DeploymentOutcome.Failed, e is OperationCanceledException
                        ? new RollbackReason(RollbackTrigger.Cancelled, "cancelled while the migrations ran; the service was not updated")
                        : new RollbackReason(RollbackTrigger.Failure, $"migrations failed, the service was not updated: {e.Message}"));
                }
            }

            IManagedDeployment deployment;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                deployment = await platform.StartAsync(revision, request.Plan, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Finish(DeploymentOutcome.Failed, Reason(e, "starting the deployment"));
            }

            logger.LogInformation("Started {Deployment}: {Shift}, bake {Bake}, gates {Gates}, gate timeout {Timeout}",
                deployment.Id, request.Plan.Shift, Text(request.Plan.Bake), string.Join(", ", request.Plan.Gates), Text(request.Plan.GateTimeout));
            return await WatchAsync(deployment, cancellationToken);
        }

        public async Task<DeploymentRecord> StopAsync(string deploymentId, string reason, CancellationToken cancellationToken)
        {
            var deployment = platform.Attach(deploymentId);
            last = await deployment.WaitForChangeAsync(null, cancellationToken);
            Observe(last);
            if (last.IsTerminal)
            {
                throw new DeployException($"deployment {deploymentId} already ended ({last.Status}): nothing to stop");
            }

            var stopped = await RollBackAsync(deployment, new RollbackReason(RollbackTrigger.Failure, reason));

            // An on-demand rollback succeeded when the stopped deployment rolled back: the previous release serves again.
            return stopped.Outcome == DeploymentOutcome.RolledBack ? stopped with { Outcome = DeploymentOutcome.Successful, RollbackReason = null } : stopped;
        }

        private async Task<DeploymentRecord> WatchAsync(IManagedDeployment deployment, CancellationToken cancellationToken)
        {
            RollbackReason? ours = null;
            try
            {
                while (true)
                {
                    var state = await deployment.WaitForChangeAsync(last, cancellationToken);
                    Observe(state);
                    last = state;
                    if (state.IsTerminal)
                    {
                        return Conclude(state, ours);
                    }

                    if (ours is null && state.Status == ManagedDeploymentStatus.InProgress && state.Breach is { } breach)
                    {
                        ours = new RollbackReason(RollbackTrigger.Alarm, breach);
                        stageOutcome = StageOutcome.Failed;
                        stageNote = Append(stageNote, breach);
                        logger.LogWarning("Rolling back {Version}: {Reason}", request.Release.Version, breach);
                        await deployment.RollbackAsync(state, breach, cancellationToken);
                        continue;
                    }

                    if (ours is null && state.Status == ManagedDeploymentStatus.InProgress
                        && state.WaitingAt is { } gate && handledGates.Add(gate.WaitId))
                    {
                        var failure = await GateAsync(gate, cancellationToken);
                        if (failure is null)
                        {
                            await deployment.ContinueAsync(gate, cancellationToken);
                            logger.LogInformation("  continued past {Gate}", Ecs(gate.Gate));
                        }
                        else
                        {
                            ours = failure;
                            logger.LogWarning("Rolling back {Version}: {Reason}", request.Release.Version, failure.Message);
                            await deployment.RollbackAsync(state, failure.Message, cancellationToken);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await RollBackAsync(deployment, ours ?? new RollbackReason(RollbackTrigger.Cancelled,
                    $"cancelled during {(observedStage ?? DeploymentStage.PreScaleUp).ToEcsName()}"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogDebug(e, "Watching the deployment failed");
                return await RollBackAsync(deployment, ours ?? new RollbackReason(RollbackTrigger.Failure, e.Message));
            }
        }

        /// <summary>Asks the platform to roll back (unless it already does) and waits for the end, within the rollback timeout.</summary>
        private async Task<DeploymentRecord> RollBackAsync(IManagedDeployment deployment, RollbackReason reason)
        {
            logger.LogWarning("Rolling back {Version}: {Reason}", request.Release.Version, reason.Message);
            using var timeout = new CancellationTokenSource(request.RollbackTimeout);
            try
            {
                var state = last ?? await deployment.WaitForChangeAsync(null, timeout.Token);
                if (!state.IsTerminal && !state.IsRollingBack)
                {
                    await deployment.RollbackAsync(state, reason.Message, timeout.Token);
                }

                while (!state.IsTerminal)
                {
                    state = await deployment.WaitForChangeAsync(state, timeout.Token);
                    Observe(state);
                    last = state;
                }

                return Conclude(state, reason);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                CloseStage(StageOutcome.Failed);
                progress.Stages.Add(new StageResult(DeploymentStage.Rollback, StageOutcome.Failed, TimeSpan.Zero, e.Message));
                logger.LogError("Rollback of {Version} failed: {Error}", request.Release.Version, e.Message);
                return Finish(DeploymentOutcome.RollbackFailed, reason with { Message = $"{reason.Message}; the rollback did not finish: {e.Message}" });
            }
        }

        /// <summary>Runs the smoke tests of a gate; null when they pass (or there are none), else why to roll back.</summary>
        private async Task<RollbackReason?> GateAsync(GateWait gate, CancellationToken cancellationToken)
        {
            var (endpoint, target) = gate.Gate == DeploymentGate.PostTestTrafficShift
                ? (snapshot?.TestEndpoint, "test")
                : (snapshot?.ProductionEndpoint, "production");
            var expires = gate.ExpiresAt is { } at ? $", expires {at.UtcDateTime:HH:mm:ss}Z" : "";
            logger.LogInformation("  waiting at {Gate} (hook {Hook}{Expires}): smoke tests against {Target}", Ecs(gate.Gate), gate.WaitId, expires, target);
            if (request.SmokeTests is not { Tests.Count: > 0 } smoke)
            {
                stageNote = Append(stageNote, "no smoke tests");
                return null;
            }

            if (endpoint is null)
            {
                stageNote = Append(stageNote, $"no {target} URL declared: smoke tests skipped");
                logger.LogWarning("  no {Target} URL is declared for {Environment}: smoke tests skipped", target, environment);
                return null;
            }

            var results = await smoke.RunAsync(endpoint, target, cancellationToken);
            progress.SmokeTests.AddRange(results);
            foreach (var r in results)
            {
                logger.LogInformation("  smoke {Status} {Name} ({Target}, {Ms} ms): {Message}",
                    r.Status, r.Name, r.Target, (int)r.Duration.TotalMilliseconds, r.Message);
            }

            var failed = results.Where(r => !r.Passed).ToList();
            if (failed.Count == 0)
            {
                stageNote = Append(stageNote, $"{results.Count} smoke tests passed against {target}");
                return null;
            }

            stageOutcome = StageOutcome.Failed;
            stageNote = Append(stageNote, $"smoke test '{failed[0].Name}' failed against {target}");
            return new RollbackReason(RollbackTrigger.SmokeTestFailed,
                $"smoke test '{failed[0].Name}' failed against {target} ({endpoint}): {failed[0].Message}"
                + (failed.Count > 1 ? $" (and {failed.Count - 1} more)" : ""));
        }

        /// <summary>Prints and records what changed since the last observation.</summary>
        private void Observe(ManagedDeploymentState state)
        {
            if (last is null || state.Status != last.Status)
            {
                logger.LogInformation("{Platform} deployment {Status}{Reason}", platform.Name, Status(state.Status),
                    state.StatusReason is { Length: > 0 } why ? $": {why}" : "");
            }

            if (state.Stage != observedStage)
            {
                CloseStage(state.IsRollingBack || state.Status == ManagedDeploymentStatus.RollbackSuccessful ? StageOutcome.Failed : stageOutcome);
                observedStage = state.Stage;
                if (state.Stage is { } stage)
                {
                    lastForwardStage = stage;
                    stageClock.Restart();
                    stageOutcome = StageOutcome.Succeeded;
                    stageNote = Weights(state);
                    logger.LogInformation("{Stage} {Weights}", stage.ToEcsName(), stageNote);
                    if (stage == DeploymentStage.BakeTime)
                    {
                        stageNote = Append(stageNote, BakeJudge());
                        logger.LogInformation("  {Judge}", BakeJudge());
                    }
                }
            }
            else if (state.Stage is not null && (last is null
                || !Nullable.Equals(state.ProductionWeight, last.ProductionWeight) || !Nullable.Equals(state.TestWeight, last.TestWeight)))
            {
                stageNote = Append(stageNote, Weights(state));
                logger.LogInformation("  {Weights}", Weights(state));
            }

            if (state.TriggeredAlarms.Count > 0 && (last is null || !state.TriggeredAlarms.SequenceEqual(last.TriggeredAlarms)))
            {
                logger.LogWarning("  alarms triggered: {Alarms}", string.Join(", ", state.TriggeredAlarms));
            }
        }

        private void CloseStage(StageOutcome outcome)
        {
            if (observedStage is { } open)
            {
                progress.Stages.Add(new StageResult(open, outcome, stageClock.Elapsed, stageNote));
                observedStage = null;
            }
        }

        private DeploymentRecord Conclude(ManagedDeploymentState final, RollbackReason? ours)
        {
            CloseStage(final.Succeeded ? stageOutcome : StageOutcome.Failed);
            switch (final.Status)
            {
                case ManagedDeploymentStatus.Successful when ours is null:
                    if (request.Plan.Alarms.Count == 0 || request.Plan.AlarmsCannotJudge is not null)
                    {
                        logger.LogWarning("  {Judge}", BakeJudge());
                        if (!progress.Stages.Any(s => s.Stage == DeploymentStage.BakeTime))
                        {
                            progress.Stages.Add(new StageResult(DeploymentStage.BakeTime, StageOutcome.Succeeded, TimeSpan.Zero, BakeJudge()));
                        }
                    }

                    return Finish(DeploymentOutcome.Successful, null);
                case ManagedDeploymentStatus.Successful:
                    logger.LogWarning("The platform finished the deployment although a rollback was asked for ({Reason})", ours.Message);
                    return Finish(DeploymentOutcome.Successful, null);
                case ManagedDeploymentStatus.RollbackSuccessful:
                    var reason = ours ?? PlatformReason(final);
                    progress.Stages.Add(new StageResult(DeploymentStage.Rollback, StageOutcome.Succeeded, TimeSpan.Zero,
                        $"{reason.Trigger}: traffic back on {snapshot?.Active?.Release.Version ?? "the previous revision"}"));
                    return Finish(DeploymentOutcome.RolledBack, reason);
                case ManagedDeploymentStatus.RollbackFailed:
                    var failed = ours ?? PlatformReason(final);
                    progress.Stages.Add(new StageResult(DeploymentStage.Rollback, StageOutcome.Failed, TimeSpan.Zero, final.StatusReason));
                    return Finish(DeploymentOutcome.RollbackFailed, failed with { Message = $"{failed.Message}; the rollback failed: {final.StatusReason ?? "no reason given"}" });
                case ManagedDeploymentStatus.Stopped when ours is not null && final.StatusReason is { } why:
                    return Finish(DeploymentOutcome.Failed, ours with { Message = $"{ours.Message}; {why}" });
                default:
                    return Finish(DeploymentOutcome.Failed, ours ?? new RollbackReason(RollbackTrigger.Failure,
                        $"the deployment ended {Status(final.Status)}: {final.StatusReason ?? "no reason given"}"));
            }
        }

        /// <summary>Why the platform rolled back by itself: alarms, a revision that never became healthy, or its own reason.</summary>
        private RollbackReason PlatformReason(ManagedDeploymentState final)
        {
            var why = string.Join("; ", new[] { final.StatusReason, final.RollbackReason }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
            why = why.Length == 0 ? "no reason given" : why;
            if (final.TriggeredAlarms.Count > 0)
            {
                return new RollbackReason(RollbackTrigger.Alarm, $"alarm {string.Join(", ", final.TriggeredAlarms)} triggered: {why}");
            }

            return lastForwardStage is null or DeploymentStage.ReconcileService or DeploymentStage.PreScaleUp or DeploymentStage.ScaleUp or DeploymentStage.PostScaleUp
                ? new RollbackReason(RollbackTrigger.NeverHealthy, $"{request.Release.Version} never became healthy: {why}")
                : new RollbackReason(RollbackTrigger.Failure, $"{platform.Name} rolled back during {lastForwardStage.Value.ToEcsName()}: {why}");
        }

        /// <summary>Who judges the bake: the plan's alarms, or nobody (said in the record and the log).</summary>
        private string BakeJudge() => request.Plan switch
        {
            { Alarms.Count: 0 } => "bake not judged: no alarm watched the new revision's traffic",
            { AlarmsCannotJudge: { } why } => $"bake not judged by the alarms: {why}",
            var plan => $"bake judged by alarms {string.Join(", ", plan.Alarms)}",
        };

        private Task<T> StageAsync<T>(DeploymentStage stage, Func<CancellationToken, Task<(T Value, string Message)>> body, CancellationToken cancellationToken) =>
            progress.StageAsync(stage, body, recorded: null, cancellationToken);

        private DeploymentRecord Finish(DeploymentOutcome outcome, RollbackReason? reason)
        {
            CloseStage(outcome == DeploymentOutcome.Successful ? stageOutcome : StageOutcome.Failed);
            var record = progress.Close(outcome, reason, snapshot?.Active?.Release.Version, snapshot?.ProductionEndpoint);
            logger.LogInformation("{Kind} {Version} to {Environment}: {Outcome} in {Seconds:0.0}s{Reason}",
                request.Kind, request.Release.Version, environment, outcome, record.Duration.TotalSeconds,
                reason is null ? "" : $" ({reason.Message})");
            return record;
        }

        private static RollbackReason Reason(Exception e, string during) => e is OperationCanceledException
            ? new RollbackReason(RollbackTrigger.Cancelled, $"cancelled while {during}")
            : new RollbackReason(RollbackTrigger.Failure, e.Message);

        private static string Weights(ManagedDeploymentState state) =>
            string.Create(CultureInfo.InvariantCulture, $"production {Percent(state.ProductionWeight)}, test {Percent(state.TestWeight)} on the new revision");

        private static string Percent(double? weight) => weight is { } w ? w.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

        private static string Append(string? note, string text) => string.IsNullOrEmpty(note) ? text : $"{note}; {text}";

        private static string Ecs(DeploymentGate gate) =>
            gate == DeploymentGate.PostTestTrafficShift ? "POST_TEST_TRAFFIC_SHIFT" : "POST_PRODUCTION_TRAFFIC_SHIFT";

        private static string Status(ManagedDeploymentStatus status) => status switch
        {
            ManagedDeploymentStatus.InProgress => "IN_PROGRESS",
            ManagedDeploymentStatus.StopRequested => "STOP_REQUESTED",
            ManagedDeploymentStatus.RollbackRequested => "ROLLBACK_REQUESTED",
            ManagedDeploymentStatus.RollbackInProgress => "ROLLBACK_IN_PROGRESS",
            ManagedDeploymentStatus.RollbackSuccessful => "ROLLBACK_SUCCESSFUL",
            ManagedDeploymentStatus.RollbackFailed => "ROLLBACK_FAILED",
            var other => other.ToString().ToUpperInvariant(),
        };

        private static string Text(TimeSpan t) => t.TotalMinutes >= 1
            ? t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
            : t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
    }
}
