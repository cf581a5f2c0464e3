using Microsoft.Extensions.Logging;
using Pipeline.Ecs.Local.Alarms;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;
using Pipeline.Foundation.Polling;

namespace Pipeline.Ecs.Local.Deployments;

/// <summary>
/// One service deployment, moved through ECS's lifecycle stages in ECS's order: RECONCILE_SERVICE, PRE_SCALE_UP,
/// SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, (PRE_PRODUCTION_TRAFFIC_SHIFT,)
/// PRODUCTION_TRAFFIC_SHIFT (once, or at every LINEAR/CANARY step), POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP.
/// PAUSE hooks wait at their stages; a stop request, failing new tasks, a breached alarm or a ROLLBACK answer roll back.
/// </summary>
internal sealed partial class DeploymentRunner(
    EcsStore store,
    TaskLauncher launcher,
    TaskRunner tasks,
    ServiceRoutes routes,
    ServiceTraffic traffic,
    IReadOnlyDictionary<string, AlarmRule> rules,
    EcsLocalOptions options,
    ILogger logger,
    string deploymentArn,
    bool initial)
{
    private readonly HashSet<string> countedFailures = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, long Sequence)> sequences = [];
    private ServiceDeploymentState deployment = null!;
    private ServiceState service = null!;
    private ServiceRevisionState target = null!;
    private string serviceId = "";
    private bool monitoringAlarms;
    private long monitoringSince;
    private DateTimeOffset monitoringStartedAt;

    private DeploymentConfiguration Configuration => deployment.DeploymentConfiguration;

    private string Strategy => Configuration.StrategyOrDefault;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        (deployment, service, target) = store.Read(d =>
        {
            var x = d.Deployments[deploymentArn];
            return (x, d.Services[x.ServiceArn], d.Revisions[x.TargetRevisionArn]);
        });
        serviceId = ServiceId.Of(service);
        await WaitForEarlierDeploymentsAsync(cancellationToken);
        store.Write(_ =>
        {
            deployment.Status = "IN_PROGRESS";
            deployment.StartedAt ??= DateTimeOffset.UtcNow;
            deployment.UpdatedAt = DateTimeOffset.UtcNow;
            deployment.AlarmStatus = Configuration.Alarms is { Enable: true, AlarmNames.Count: > 0 } ? "MONITORING" : "DISABLED";
            service.TargetRevisionArn = target.Arn;
            service.TargetProductionWeight = 0;
        });
        logger.LogInformation("Deployment {Deployment} of {Service}: {Strategy} to {TaskDefinition}", Arns.NameOf(deploymentArn), service.Name, Strategy, target.TaskDefinitionArn);
        try
        {
            CheckStop();
            await HooksAsync("RECONCILE_SERVICE", report: true, cancellationToken);
            await HooksAsync("PRE_SCALE_UP", report: true, cancellationToken);
            if (Strategy == "ROLLING" && !initial && HasSource)
            {
                await RollAsync(cancellationToken);
                await CleanUpAsync(cancellationToken);
                return;
            }

            SetStage("SCALE_UP");
            await ScaleUpAsync(cancellationToken);
            await HooksAsync("POST_SCALE_UP", report: true, cancellationToken);
            if (Strategy != "ROLLING")
            {
                SetStage("TEST_TRAFFIC_SHIFT");
                store.Write(_ =>
                {
                    service.TestRevisionArn = target.Arn;
                    deployment.TargetTestWeight = 100;
                });
                await routes.ApplyAsync(service.Arn, cancellationToken);
                await HooksAsync("POST_TEST_TRAFFIC_SHIFT", report: true, cancellationToken);
            }

            foreach (var (weight, bake) in TrafficSteps.Of(Configuration))
            {
                await HooksAsync("PRE_PRODUCTION_TRAFFIC_SHIFT", report: false, cancellationToken);
                SetStage("PRODUCTION_TRAFFIC_SHIFT");
                store.Write(_ =>
                {
                    service.TargetProductionWeight = weight;
                    deployment.TargetProductionWeight = weight;
                    deployment.UpdatedAt = DateTimeOffset.UtcNow;
                });
                await routes.ApplyAsync(service.Arn, cancellationToken);
                await StartAlarmsAsync(cancellationToken);
                await WatchAsync(options.Minutes(initial ? 0 : bake), cancellationToken);
            }

            await HooksAsync("POST_PRODUCTION_TRAFFIC_SHIFT", report: true, cancellationToken);
            SetStage("BAKE_TIME");
            await WatchAsync(options.Minutes(initial || Strategy == "ROLLING" ? 0 : Configuration.BakeTimeInMinutes ?? 0), cancellationToken);
            await CleanUpAsync(cancellationToken);
        }
        catch (RollbackException rollback)
        {
            await RollBackAsync(rollback, cancellationToken);
        }
    }

    private async Task WaitForEarlierDeploymentsAsync(CancellationToken cancellationToken)
    {
        while (store.Read(d => d.Deployments.Values.Any(x => x.ServiceArn == service.Arn && x.Arn != deploymentArn && !x.IsFinished && x.CreatedAt <= deployment.CreatedAt)))
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    private void SetStage(string stage) => store.Write(_ =>
    {
        deployment.LifecycleStage = stage;
        deployment.UpdatedAt = DateTimeOffset.UtcNow;
    });

    /// <summary>Starts the target revision's tasks and waits until all are ready; too many failures roll back.</summary>
    private async Task ScaleUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    CheckStop();
                    await KeepTargetTasksAsync(ct);
                    return store.Read(d => (
                        Ready: d.Tasks.Values.Count(t => t.ServiceRevisionArn == target.Arn && TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0)),
                        Desired: service.DesiredCount));
                },
                count => count.Ready >= count.Desired,
                PollSchedule.Every(TimeSpan.FromMilliseconds(100), options.HealthyTimeout),
                $"the tasks of {Arns.NameOf(target.TaskDefinitionArn)} to become healthy",
                cancellationToken,
                count => $"{count.Ready} of {count.Desired} healthy");
        }
        catch (PollTimeoutException e)
        {
            throw new RollbackException(
                $"Service deployment rolled back because the tasks of {Arns.NameOf(target.TaskDefinitionArn)} did not become healthy within {options.HealthyTimeout.TotalSeconds:0}s ({e.LastSeen}).");
        }
    }

    /// <summary>Replaces stopped or unhealthy tasks of the target revision, counting them as failures (ECS's circuit breaker).</summary>
    private async Task KeepTargetTasksAsync(CancellationToken cancellationToken, int? wanted = null)
    {
        var (live, failed, sick) = store.Read(d =>
        {
            var mine = d.Tasks.Values.Where(t => t.ServiceRevisionArn == target.Arn).ToList();
            return (
                mine.Count(t => !t.IsStopped && t.DesiredStatus == "RUNNING" && t.HealthStatus != "UNHEALTHY"),
                mine.Where(t => t.IsStopped && countedFailures.Add(t.Arn)).ToList(),
                mine.Where(t => !t.IsStopped && t.DesiredStatus == "RUNNING" && t.HealthStatus == "UNHEALTHY").ToList());
        });
        foreach (var task in sick)
        {
            await tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", "Task failed container health checks", cancellationToken);
        }

        if (failed.Count > 0)
        {
            var total = store.Write(_ =>
            {
                deployment.FailedTasks += failed.Count;
                return deployment.FailedTasks;
            });
            var last = failed[^1];
            var exit = last.Containers.FirstOrDefault(c => c.Essential && c.ExitCode is not null)?.ExitCode;
            logger.LogInformation("Deployment {Deployment}: {Count} new task(s) failed ({Reason})", Arns.NameOf(deploymentArn), total, last.StoppedReason);
            if (total >= deployment.FailureThreshold && !initial && Strategy == "ROLLING" && Configuration.DeploymentCircuitBreaker is { Enable: true })
            {
                store.Write(_ => deployment.CircuitBreakerStatus = "TRIGGERED");
                throw new RollbackException(
                    $"Service deployment rolled back because the circuit breaker threshold was exceeded: {total} tasks of {Arns.NameOf(target.TaskDefinitionArn)} failed to start " +
                    $"(last: {last.StoppedReason}{(exit is null ? "" : $", exit code {exit}")}).",
                    Configuration.DeploymentCircuitBreaker.Rollback ? null : "STOPPED");
            }

            if (total >= deployment.FailureThreshold && !initial)
            {
                throw new RollbackException(
                    $"Service deployment rolled back because {total} tasks of {Arns.NameOf(target.TaskDefinitionArn)} failed to become healthy " +
                    $"(last: {last.StoppedReason}{(exit is null ? "" : $", exit code {exit}")}).");
            }

            if (total >= deployment.FailureThreshold)
            {
                throw new RollbackException($"Service deployment failed: {total} tasks failed to start (last: {last.StoppedReason}).", "STOPPED");
            }
        }

        var missing = (wanted ?? store.Read(_ => service.DesiredCount)) - live - sick.Count;
        for (var i = 0; i < missing; i++)
        {
            store.Write(d => launcher.LaunchFor(d, service, target));
        }
    }

    /// <summary>The PAUSE hooks configured for <paramref name="stage"/>: each gets a new hookId and waits for an answer or its timeout.</summary>
    private async Task HooksAsync(string stage, bool report, CancellationToken cancellationToken)
    {
        if (report)
        {
            SetStage(stage);
        }

        var hooks = initial || Strategy == "ROLLING"
            ? []
            : (Configuration.LifecycleHooks ?? []).Where(h => h.TargetType == "PAUSE" && (h.LifecycleStages ?? []).Contains(stage)).ToList();
        if (hooks.Count == 0)
        {
            return;
        }

        var waits = store.Write(_ =>
        {
            var now = DateTimeOffset.UtcNow;
            var created = hooks.Select(h => new LifecycleHookState
            {
                HookId = Arns.NewId(),
                TargetType = "PAUSE",
                Stage = stage,
                ExpiresAt = now + options.Minutes(h.TimeoutConfiguration?.TimeoutInMinutes ?? 1440),
                TimeoutAction = h.TimeoutConfiguration?.Action ?? "ROLLBACK",
            }).ToList();
            deployment.Hooks = created;
            deployment.UpdatedAt = now;
            return created;
        });
        logger.LogInformation("Deployment {Deployment}: {Count} PAUSE hook(s) at {Stage} await action ({Ids})", Arns.NameOf(deploymentArn), waits.Count, stage, string.Join(", ", waits.Select(w => w.HookId)));
        while (true)
        {
            var (pending, rollback) = store.Write(_ =>
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var wait in waits.Where(w => w.Status == "AWAITING_ACTION"))
                {
                    if (wait.Action is { } action)
                    {
                        wait.Status = "SUCCEEDED";
                    }
                    else if (wait.ExpiresAt <= now)
                    {
                        wait.Status = "TIMED_OUT";
                        wait.Action = wait.TimeoutAction;
                    }
                }

                return (waits.Count(w => w.Status == "AWAITING_ACTION"), waits.FirstOrDefault(w => w.Action == "ROLLBACK"));
            });
            if (rollback is not null)
            {
                throw new RollbackException(rollback.Status == "TIMED_OUT"
                    ? $"Service deployment rolled back because lifecycle hook {rollback.HookId} at {stage} timed out with timeout action ROLLBACK."
                    : $"Service deployment rolled back because lifecycle hook {rollback.HookId} at {stage} was answered with ROLLBACK.");
            }

            if (pending == 0)
            {
                return;
            }

            await MonitorAsync(cancellationToken);
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits <paramref name="duration"/> while watching for a stop request, failing tasks and alarms.</summary>
    private async Task WatchAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + duration;
        do
        {
            await MonitorAsync(cancellationToken);
            if (DateTimeOffset.UtcNow >= until)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, Math.Max(1, (until - DateTimeOffset.UtcNow).TotalMilliseconds))), cancellationToken);
        }
        while (true);
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        CheckStop();
        await KeepTargetTasksAsync(cancellationToken);
        await CheckAlarmsAsync(cancellationToken);
    }

    private void CheckStop()
    {
        if (store.Read(_ => deployment.StopRequest) is { } reason)
        {
            throw new RollbackException(reason, reason.StartsWith("Superseded", StringComparison.Ordinal) ? "STOPPED" : null);
        }
    }

    private async Task StartAlarmsAsync(CancellationToken cancellationToken)
    {
        if (monitoringAlarms || Configuration.Alarms is not { Enable: true, AlarmNames.Count: > 0 })
        {
            return;
        }

        monitoringAlarms = true;
        monitoringStartedAt = DateTimeOffset.UtcNow;
        monitoringSince = await traffic.SequenceAsync(serviceId, cancellationToken);
    }

    /// <summary>
    /// Checks the deployment's alarms: a rule of the options on the target revision's production traffic, each over its
    /// own window; a CloudWatch alarm by the state its evaluation put it in since the monitoring began.
    /// </summary>
    private async Task CheckAlarmsAsync(CancellationToken cancellationToken)
    {
        if (!monitoringAlarms || Configuration.Alarms is not { } alarms)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        sequences.Add((now, await traffic.SequenceAsync(serviceId, cancellationToken)));
        var triggered = new List<string>();
        foreach (var name in alarms.AlarmNames)
        {
            if (!rules.TryGetValue(name, out var rule))
            {
                // A CloudWatch alarm: ECS rolls back when it goes into ALARM while the deployment watches it.
                if (store.ReadAlarms(a => a.GetValueOrDefault(name) is { StateValue: "ALARM" } alarm && alarm.StateUpdated >= monitoringStartedAt))
                {
                    triggered.Add(name);
                }

                continue;
            }

            var since = sequences.LastOrDefault(s => s.At <= now - rule.Window) is { At: var at } found && at != default ? Math.Max(found.Sequence, monitoringSince) : monitoringSince;
            var metrics = await traffic.MetricsAsync(serviceId, target.Colour, since, cancellationToken);
            if (metrics is not null && rule.IsBreachedBy(metrics))
            {
                triggered.Add(name);
            }
        }

        sequences.RemoveAll(s => s.At < now - TimeSpan.FromMinutes(10));
        if (triggered.Count == 0)
        {
            return;
        }

        store.Write(_ =>
        {
            deployment.AlarmStatus = "TRIGGERED";
            deployment.TriggeredAlarmNames = [.. deployment.TriggeredAlarmNames.Union(triggered)];
        });
        if (alarms.Rollback)
        {
            throw new RollbackException($"Service deployment rolled back because alarm(s) {string.Join(", ", triggered)} went into ALARM.");
        }
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        SetStage("CLEAN_UP");
        var source = store.Read(d => service.CurrentRevisionArn is { } c && c != target.Arn ? d.Revisions[c] : null);
        store.Write(_ =>
        {
            service.TargetProductionWeight = 100;
            service.TestRevisionArn = target.Arn;
            deployment.TargetProductionWeight = 100;
        });
        await routes.ApplyAsync(service.Arn, cancellationToken);
        if (source is not null && source.Colour != target.Colour)
        {
            await traffic.DrainAsync(serviceId, source.Colour, cancellationToken);
        }

        store.Write(_ =>
        {
            service.CurrentRevisionArn = target.Arn;
            service.TargetRevisionArn = null;
            service.TestRevisionArn = null;
            service.TargetProductionWeight = 0;
            service.RollingSourceCount = null;
        });
        await routes.ApplyAsync(service.Arn, cancellationToken);
        await StopTasksAsync(t => t.ServiceArn == service.Arn && t.ServiceRevisionArn != target.Arn, "Task stopped by the clean-up of the service deployment", cancellationToken);
        store.Write(_ =>
        {
            var now = DateTimeOffset.UtcNow;
            deployment.Status = "SUCCESSFUL";
            deployment.FinishedAt = now;
            deployment.UpdatedAt = now;
            if (deployment.AlarmStatus == "MONITORING")
            {
                deployment.AlarmStatus = "MONITORING_COMPLETE";
            }

            service.Events.Insert(0, new ServiceEventState(Arns.NewId(), now, $"(service {service.Name}) service deployment {Arns.NameOf(deploymentArn)} completed."));
            service.Events.Insert(0, new ServiceEventState(Arns.NewId(), now, $"(service {service.Name}) has reached a steady state."));
        });
        logger.LogInformation("Deployment {Deployment} of {Service}: SUCCESSFUL", Arns.NameOf(deploymentArn), service.Name);
    }

    private async Task RollBackAsync(RollbackException rollback, CancellationToken cancellationToken)
    {
        var source = store.Read(d => service.CurrentRevisionArn is { } c && c != target.Arn ? d.Revisions[c] : null);
        logger.LogInformation("Deployment {Deployment} of {Service}: rolling back: {Reason}", Arns.NameOf(deploymentArn), service.Name, rollback.Message);
        store.Write(d =>
        {
            var now = DateTimeOffset.UtcNow;
            deployment.Status = source is null ? deployment.Status : "ROLLBACK_IN_PROGRESS";
            deployment.StatusReason = rollback.Message;
            deployment.UpdatedAt = now;
            if (source is not null)
            {
                deployment.Rollback = new RollbackState(rollback.Message, source.Arn, now);
                service.TargetProductionWeight = 0;
                service.TestRevisionArn = null;
                service.TaskDefinitionArn = source.TaskDefinitionArn;
            }

            deployment.TargetProductionWeight = 0;
            deployment.TargetTestWeight = 0;
            foreach (var hook in deployment.Hooks.Where(h => h.Status == "AWAITING_ACTION"))
            {
                hook.Status = "FAILED";
            }
        });
        if (source is null)
        {
            // nothing to roll back to: the first revision stays, the scheduler keeps trying to run it
            store.Write(_ =>
            {
                service.CurrentRevisionArn = target.Arn;
                service.TargetRevisionArn = null;
                deployment.Status = rollback.FinalStatus ?? "ROLLBACK_FAILED";
                deployment.FinishedAt = deployment.StoppedAt = DateTimeOffset.UtcNow;
            });
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await RestoreSourceAsync(source, cancellationToken);
        await routes.ApplyAsync(service.Arn, bounded.Token);
        await traffic.DrainAsync(serviceId, target.Colour, bounded.Token);
        store.Write(_ => service.TargetRevisionArn = null);
        await routes.ApplyAsync(service.Arn, bounded.Token);
        await StopTasksAsync(t => t.ServiceRevisionArn == target.Arn, "Task stopped by the rollback of the service deployment", cancellationToken);
        store.Write(_ =>
        {
            var now = DateTimeOffset.UtcNow;
            deployment.Status = rollback.FinalStatus ?? "ROLLBACK_SUCCESSFUL";
            deployment.FinishedAt = now;
            deployment.UpdatedAt = now;
            if (deployment.Status == "STOPPED")
            {
                deployment.StoppedAt = now;
            }

            service.Events.Insert(0, new ServiceEventState(Arns.NewId(), now, $"(service {service.Name}) service deployment {Arns.NameOf(deploymentArn)} rolled back: {rollback.Message}"));
        });
        logger.LogInformation("Deployment {Deployment} of {Service}: {Status}", Arns.NameOf(deploymentArn), service.Name, deployment.Status);
    }

    private async Task StopTasksAsync(Func<TaskState, bool> which, string reason, CancellationToken cancellationToken)
    {
        var stopping = store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped && which(t)).ToList());
        await Task.WhenAll(stopping.Select(t => tasks.StopAsync(t.Arn, "ServiceSchedulerInitiated", reason, cancellationToken)));
    }
}
