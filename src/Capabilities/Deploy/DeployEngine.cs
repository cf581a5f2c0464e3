using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Ledger;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>
/// The blue/green deploy state machine. Runs ECS's lifecycle stages against an <see cref="IDeploymentPlatform"/>:
/// RECONCILE_SERVICE → PRE_SCALE_UP (migrations hook) → SCALE_UP → TEST_TRAFFIC_SHIFT → POST_TEST_TRAFFIC_SHIFT (smoke
/// tests on the test endpoint) → PRODUCTION_TRAFFIC_SHIFT (all at once, linear or canary, each step watched) →
/// POST_PRODUCTION_TRAFFIC_SHIFT (smoke tests on production) → BAKE_TIME (health, error rate, p99) → CLEAN_UP.
/// Any failure after RECONCILE_SERVICE, and cancellation, rolls back: traffic returns to the previous revision and
/// the new one is stopped. The result is a <see cref="DeploymentRecord"/>, also saved in the environment's ledger (where
/// its lock and history live: local files, or the cloud for a platform driven there).
/// </summary>
public sealed class DeployEngine(IDeploymentPlatform platform, IDeploymentLedger ledger, ILogger logger)
{
    /// <summary>
    /// Deploys <see cref="DeployRequest.Release"/>. Returns the record whatever the outcome (check
    /// <see cref="DeploymentRecord.Succeeded"/>; a cancelled deploy returns a rolled-back record with trigger
    /// <see cref="RollbackTrigger.Cancelled"/>, and the caller should exit non-zero). Throws
    /// <see cref="DeploySettingsException"/> for invalid settings, <see cref="EnvironmentLockedException"/> when another
    /// deploy holds the environment, and the platform's <see cref="DeployException"/> when RECONCILE_SERVICE fails.
    /// </summary>
    public async Task<DeploymentRecord> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } error)
        {
            throw new DeploySettingsException(error);
        }

        await using var _ = await ledger.LockAsync(
            $"deploy {request.Release.Version}", request.LockTimeout, cancellationToken);
        return await RunAsync(request, DeploymentKind.Deploy, cancellationToken);
    }

    /// <summary>
    /// Rolls back on demand: deploys again, all at once, the release of the last successful deployment before the
    /// current one (from the environment's records). <paramref name="template"/> supplies smoke tests, bake and
    /// timeouts (its release is ignored); by default no smoke tests and no bake. Throws <see cref="DeployException"/>
    /// when there is nothing to roll back to.
    /// </summary>
    public async Task<DeploymentRecord> RollbackAsync(DeployRequest? template, CancellationToken cancellationToken)
    {
        await using var _ = await ledger.LockAsync("rollback", template?.LockTimeout ?? TimeSpan.FromSeconds(60), cancellationToken);
        var successful = (await ledger.ListAsync(cancellationToken)).Where(r => r.Succeeded).ToList();
        if (successful.Count == 0)
        {
            throw new DeployException($"nothing to roll back in environment '{ledger.Environment}': it has no successful deployment yet");
        }

        var current = successful[^1];
        var target = successful.Take(successful.Count - 1)
            .LastOrDefault(r => r.Release.Source != current.Release.Source || r.Release.Version != current.Release.Version);
        if (target is null)
        {
            throw new DeployException(
                $"nothing to roll back to in environment '{ledger.Environment}': {current.Release.Version} is the only version deployed successfully");
        }

        var request = (template ?? new DeployRequest(target.Release) { Bake = new BakeSettings { Duration = TimeSpan.Zero } }) with
        {
            Release = target.Release,
            Shift = TrafficShift.AllAtOnce,
        };
        if (request.Validate() is { } error)
        {
            throw new DeploySettingsException(error);
        }

        logger.LogInformation("Rolling back {Environment} from {Current} to {Target}{Note}", ledger.Environment, current.Release.Version, target.Release.Version,
            target.Release.Version == current.Release.Version ? $" (the same version label, another artefact: {target.Release.Source})" : "");
        return await RunAsync(request, DeploymentKind.Rollback, cancellationToken);
    }

    private async Task<DeploymentRecord> RunAsync(DeployRequest request, DeploymentKind kind, CancellationToken cancellationToken)
    {
        var run = new Run(request, kind, platform, ledger, logger);
        return await run.ExecuteAsync(cancellationToken);
    }

    /// <summary>One execution: the mutable progress of a deployment, turned into a record at the end.</summary>
    private sealed class Run(
        DeployRequest request, DeploymentKind kind, IDeploymentPlatform platform, IDeploymentLedger ledger, ILogger logger)
    {
        private readonly DeploymentProgress progress = new(ledger.Environment, platform.Name, kind, request.Release, request.Initiator, request.Shift, logger);
        private Revision? previous;
        private Revision? green;
        private Uri? productionEndpoint;
        private bool scaledUp;

        public async Task<DeploymentRecord> ExecuteAsync(CancellationToken cancellationToken)
        {
            await ledger.SaveAsync(progress.Record, cancellationToken);

            try
            {
                var snapshot = await StageAsync(DeploymentStage.ReconcileService, async ct =>
                {
                    var s = await platform.ReconcileAsync(ct);
                    return (s, s.Repairs.Count == 0 ? $"active: {s.Active?.Release.Version ?? "none"}" : string.Join("; ", s.Repairs));
                }, cancellationToken);
                previous = snapshot.Active;
                productionEndpoint = snapshot.ProductionEndpoint;
                await MarkInterruptedRecordsAsync(cancellationToken);
            }
            catch (Exception e)
            {
                // Nothing was changed yet: no rollback, the error is the caller's to show.
                await FinishAsync(DeploymentOutcome.Failed, e is OperationCanceledException
                    ? new RollbackReason(RollbackTrigger.Cancelled, "cancelled while reconciling the environment")
                    : new RollbackReason(RollbackTrigger.Failure, e.Message));
                throw;
            }

            RollbackReason? reason = null;
            try
            {
                await DeployStagesAsync(cancellationToken);
            }
            catch (RollbackRequiredException e)
            {
                reason = e.Reason;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                reason = new RollbackReason(RollbackTrigger.Cancelled,
                    $"cancelled during {progress.Stages.LastOrDefault()?.Name ?? "the deployment"}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reason = new RollbackReason(RollbackTrigger.Failure, $"{progress.Stages.LastOrDefault()?.Name}: {e.Message}")
                {
                    Remedy = (e as DeployException)?.Remedy ?? DeployRemedy.None,
                };
                logger.LogDebug(e, "Deployment failed");
            }

            if (reason is null)
            {
                return await FinishAsync(DeploymentOutcome.Successful, null);
            }

            if (!scaledUp)
            {
                // Stopped before SCALE_UP (the migrations hook failed, or a cancel came first): nothing of the new
                // release runs and no traffic moved, so there is nothing to roll back.
                logger.LogWarning("Deploy of {Version} stopped before any traffic moved: {Reason}", request.Release.Version, reason.Message);
                return await FinishAsync(DeploymentOutcome.Failed, reason with
                {
                    Message = $"{reason.Message} (nothing was deployed: production stays on {previous?.Release.Version ?? "nothing"})",
                });
            }

            logger.LogWarning("Rolling back {Version}: {Reason}", request.Release.Version, reason.Message);
            using var rollbackTimeout = new CancellationTokenSource(request.RollbackTimeout);
            try
            {
                await StageAsync(DeploymentStage.Rollback, async ct =>
                {
                    await platform.RollbackAsync(green, previous, ct);
                    return (true, previous is null
                        ? $"{reason.Trigger}: stopped {request.Release.Version}; nothing was serving before"
                        : $"{reason.Trigger}: traffic back on {previous.Release.Version}");
                }, rollbackTimeout.Token);
                return await FinishAsync(DeploymentOutcome.RolledBack, reason);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError("Rollback of {Version} failed: {Error}", request.Release.Version, e.Message);
                return await FinishAsync(DeploymentOutcome.RollbackFailed, reason with { Message = $"{reason.Message}; the rollback failed too: {e.Message}" });
            }
        }

        private async Task DeployStagesAsync(CancellationToken cancellationToken)
        {
            if (request.BeforeTrafficShift is { } hook)
            {
                await StageAsync(DeploymentStage.PreScaleUp, async ct =>
                {
                    try
                    {
                        await hook(ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new RollbackRequiredException(new RollbackReason(RollbackTrigger.Failure, $"migrations (pre-scale-up hook) failed: {e.Message}"));
                    }

                    return (true, "hook ran");
                }, cancellationToken);
            }

            scaledUp = true;
            green = await StageAsync(DeploymentStage.ScaleUp, async ct =>
            {
                try
                {
                    var revision = await platform.ScaleUpAsync(request.Release, request.HealthTimeout, ct);
                    return (revision, $"{revision.Release.Version} ready on {revision.Id}");
                }
                catch (RevisionNeverHealthyException e)
                {
                    throw new RollbackRequiredException(new RollbackReason(RollbackTrigger.NeverHealthy, e.Message));
                }
            }, cancellationToken);
            progress.Record = progress.Record with { Release = green.Release };

            var testEndpoint = await StageAsync(DeploymentStage.TestTrafficShift, async ct =>
            {
                var uri = await platform.ShiftTestTrafficAsync(green, ct);
                return (uri, $"test traffic to {green.Id} at {uri}");
            }, cancellationToken);

            await SmokeStageAsync(DeploymentStage.PostTestTrafficShift, testEndpoint, "test", cancellationToken);

            await StageAsync(DeploymentStage.ProductionTrafficShift, async ct =>
            {
                await platform.ShiftProductionTrafficAsync(green, request.Shift, async (step, stepToken) =>
                {
                    logger.LogInformation("  {Percent} % of production on {Version}", step.Percent, green.Release.Version);
                    await WatchAsync(step.Bake, $"step {step.Index} ({step.Percent} %)", stepToken);
                }, ct);
                return (true, request.Shift.ToString());
            }, cancellationToken);

            await SmokeStageAsync(DeploymentStage.PostProductionTrafficShift, productionEndpoint!, "production", cancellationToken);

            await StageAsync(DeploymentStage.BakeTime, async ct =>
            {
                var summary = await WatchAsync(request.Bake.Duration, "bake", ct);
                return (true, summary);
            }, cancellationToken);

            try
            {
                await StageAsync(DeploymentStage.CleanUp, async ct =>
                {
                    return (true, await platform.CleanUpAsync(green, previous, ct));
                }, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The new revision serves everything and is healthy: a leftover old one is the next RECONCILE_SERVICE's job.
                logger.LogWarning("Clean up failed, the next deploy will converge it: {Error}", e.Message);
            }
        }

        private async Task SmokeStageAsync(DeploymentStage stage, Uri endpoint, string target, CancellationToken cancellationToken)
        {
            if (request.SmokeTests is not { Tests.Count: > 0 } smoke)
            {
                progress.Stages.Add(new StageResult(stage, StageOutcome.Skipped, TimeSpan.Zero, "no smoke tests"));
                return;
            }

            await StageAsync(stage, async ct =>
            {
                var results = await smoke.RunAsync(endpoint, target, ct);
                progress.SmokeTests.AddRange(results);
                foreach (var r in results)
                {
                    logger.LogInformation("  smoke {Status} {Name} ({Target}, {Ms} ms): {Message}",
                        r.Status, r.Name, r.Target, (int)r.Duration.TotalMilliseconds, r.Message);
                }

                var failed = results.Where(r => !r.Passed).ToList();
                if (failed.Count > 0)
                {
                    throw new RollbackRequiredException(new RollbackReason(RollbackTrigger.SmokeTestFailed,
                        $"smoke test '{failed[0].Name}' failed against {target} ({endpoint}): {failed[0].Message}"
                        + (failed.Count > 1 ? $" (and {failed.Count - 1} more)" : "")));
                }

                return (true, $"{results.Count} passed against {target}");
            }, cancellationToken);
        }

        /// <summary>Watches the new revision for <paramref name="duration"/>; throws to roll back. Returns a summary line.</summary>
        private async Task<string> WatchAsync(TimeSpan duration, string label, CancellationToken cancellationToken)
        {
            if (duration <= TimeSpan.Zero)
            {
                return "no bake time";
            }

            var bake = request.Bake;
            var mark = await platform.MarkAsync(green!, cancellationToken);
            var clock = Stopwatch.StartNew();
            RevisionHealth health;
            while (true)
            {
                var remaining = duration - clock.Elapsed;
                await Task.Delay(remaining < bake.PollInterval ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : bake.PollInterval, cancellationToken);
                health = await platform.ObserveAsync(green!, mark, cancellationToken);
                Judge(health, label);
                if (clock.Elapsed >= duration)
                {
                    break;
                }
            }

            if (health.Requests == 0)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"judged nothing: no production traffic during the {duration.TotalSeconds:0.#}s bake (only readiness was watched)");
            }

            if (health.Requests < bake.MinimumRequests)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"judged readiness only: {health.Requests} requests over {duration.TotalSeconds:0.#}s, fewer than the {bake.MinimumRequests} needed to judge errors and latency");
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"{health.Requests} requests, {health.ErrorRate:P1} errors, p99 {health.P99.TotalMilliseconds:0} ms over {duration.TotalSeconds:0.#}s");
        }

        private void Judge(RevisionHealth health, string label)
        {
            var bake = request.Bake;
            var version = green!.Release.Version;
            if (!health.Healthy)
            {
                throw new RollbackRequiredException(health.Alarm is { } alarm
                    ? new RollbackReason(RollbackTrigger.Alarm, $"alarm {alarm} went off during {label} of {version}: {health.Detail ?? "in ALARM"}")
                    : new RollbackReason(RollbackTrigger.Unhealthy, $"{version} became unhealthy during {label}: {health.Detail ?? "readiness check failed"}"));
            }

            if (health.Requests < bake.MinimumRequests)
            {
                return;
            }

            if (health.ErrorRate > bake.MaxErrorRate)
            {
                throw new RollbackRequiredException(new RollbackReason(RollbackTrigger.ErrorRate, string.Create(CultureInfo.InvariantCulture,
                    $"{version} answered {health.Errors} errors in {health.Requests} requests ({health.ErrorRate:P1}) during {label}, over the {bake.MaxErrorRate:P1} limit")));
            }

            if (health.P99 > bake.MaxP99Latency)
            {
                throw new RollbackRequiredException(new RollbackReason(RollbackTrigger.Latency, string.Create(CultureInfo.InvariantCulture,
                    $"{version} p99 latency {health.P99.TotalMilliseconds:0} ms during {label} ({health.Requests} requests), over the {bake.MaxP99Latency.TotalMilliseconds:0} ms limit")));
            }
        }

        private Task<T> StageAsync<T>(DeploymentStage stage, Func<CancellationToken, Task<(T Value, string Message)>> body, CancellationToken cancellationToken) =>
            progress.StageAsync(stage, body, SaveProgressAsync, cancellationToken);

        private async Task SaveProgressAsync()
        {
            progress.Record = progress.Record with { Stages = [.. progress.Stages], SmokeTests = [.. progress.SmokeTests], PreviousVersion = previous?.Release.Version };
            // Not the deploy's token: a cancelled deploy still records how far it got.
            await ledger.SaveAsync(progress.Record, CancellationToken.None);
        }

        private async Task MarkInterruptedRecordsAsync(CancellationToken cancellationToken)
        {
            foreach (var stale in (await ledger.ListAsync(cancellationToken)).Where(r => r.Outcome == DeploymentOutcome.InProgress && r.Id != progress.Record.Id))
            {
                await ledger.SaveAsync(stale with
                {
                    Outcome = DeploymentOutcome.Interrupted,
                    // As long as it is known to have run: until the end of the last stage it recorded.
                    FinishedAt = stale.StartedAt + stale.Stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Duration),
                    RollbackReason = new RollbackReason(RollbackTrigger.Failure,
                        $"the deploying process (pid {stale.ProcessId} on {stale.Host}) stopped; {progress.Record.Id} converged the environment"),
                }, cancellationToken);
            }
        }

        private async Task<DeploymentRecord> FinishAsync(DeploymentOutcome outcome, RollbackReason? reason)
        {
            var record = progress.Close(outcome, reason, previous?.Release.Version, productionEndpoint);
            await ledger.SaveAsync(record, CancellationToken.None);
            // The reason was logged when it happened (and the caller shows it once more as the error): not repeated here.
            logger.LogInformation("{Kind} {Version} to {Environment}: {Outcome} in {Seconds:0.0}s",
                kind, request.Release.Version, ledger.Environment, outcome, record.Duration.TotalSeconds);
            return record;
        }
    }
}
