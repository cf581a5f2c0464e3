using System.Collections.Concurrent;

namespace Pipeline.Deploy.Tests.Support;

/// <summary>
/// A platform scripted by the test, for the engine's state-machine logic only (order, steps, triggers, records);
/// the Process platform tests cover the real behaviour.
/// </summary>
public sealed class ScriptedPlatform : IDeploymentPlatform
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Revision? Active { get; set; }

    public Func<Exception?> ReconcileFailure { get; set; } = () => null;

    public Func<Exception?> ScaleUpFailure { get; set; } = () => null;

    public Func<Exception?> RollbackFailure { get; set; } = () => null;

    /// <summary>What ObserveAsync reports.</summary>
    public Func<RevisionHealth> Health { get; set; } = () => new RevisionHealth(true, 0, 0, TimeSpan.Zero);

    /// <summary>Runs inside each production step, before the engine's step callback.</summary>
    public Func<TrafficStep, Task> OnStep { get; set; } = _ => Task.CompletedTask;

    public CancellationToken RollbackToken { get; private set; }

    public string Name => "scripted";

    public Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("reconcile");
        if (ReconcileFailure() is { } e)
        {
            throw e;
        }

        return Task.FromResult(new PlatformSnapshot(Active, new Uri("http://127.0.0.1:1/"), []));
    }

    public Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"scale-up {release.Version}");
        if (ScaleUpFailure() is { } e)
        {
            throw e;
        }

        var colour = Active?.Id == "blue" ? "green" : "blue";
        return Task.FromResult(new Revision(colour, release with { Source = "/releases/" + release.Version }));
    }

    public Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"test-traffic {revision.Id}");
        return Task.FromResult(new Uri("http://127.0.0.1:2/"));
    }

    public async Task ShiftProductionTrafficAsync(Revision revision, TrafficShift shift, Func<TrafficStep, CancellationToken, Task> stepCompleted, CancellationToken cancellationToken)
    {
        foreach (var step in shift.Steps())
        {
            Calls.Enqueue($"weight {revision.Id} {step.Percent}");
            await OnStep(step);
            await stepCompleted(step, cancellationToken);
        }
    }

    public Task<long> MarkAsync(Revision revision, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<RevisionHealth> ObserveAsync(Revision revision, long mark, CancellationToken cancellationToken) => Task.FromResult(Health());

    public Task<string> CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"clean-up {previous?.Id ?? "none"}");
        Active = revision;
        return Task.FromResult(previous is null ? "nothing to clean up" : $"stopped {previous.Release.Version} on {previous.Id}");
    }

    public Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken)
    {
        RollbackToken = cancellationToken;
        Calls.Enqueue($"rollback {failed?.Id ?? "none"} -> {previous?.Id ?? "none"}");
        return RollbackFailure() is { } e ? throw e : Task.CompletedTask;
    }
}
