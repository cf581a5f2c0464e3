using System.Threading.Channels;
using Pipeline.Deploy;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs.Tests.ManagedEngine;

/// <summary>
/// A managed deployment that plays a script: the states it reports in order, what follows a continue at each gate,
/// and what follows a rollback. Records every call, so tests can assert what the engine asked of the platform.
/// </summary>
internal sealed class ScriptedDeployment(string id) : IManagedDeployment
{
    private readonly Channel<ManagedDeploymentState> states = Channel.CreateUnbounded<ManagedDeploymentState>();
    private readonly Dictionary<string, ManagedDeploymentState[]> afterContinue = new(StringComparer.Ordinal);

    public string Id => id;

    public List<string> Calls { get; } = [];

    /// <summary>What the deployment reports after a rollback was asked for (default: rolling back, then rolled back).</summary>
    public ManagedDeploymentState[] AfterRollback { get; set; } =
    [
        new() { Status = ManagedDeploymentStatus.RollbackInProgress },
        new() { Status = ManagedDeploymentStatus.RollbackSuccessful, RollbackReason = "rolled back on request" },
    ];

    public ScriptedDeployment Then(params ManagedDeploymentState[] next)
    {
        foreach (var state in next)
        {
            states.Writer.TryWrite(state);
        }

        return this;
    }

    public ScriptedDeployment OnContinue(string waitId, params ManagedDeploymentState[] next)
    {
        afterContinue[waitId] = next;
        return this;
    }

    public async Task<ManagedDeploymentState> WaitForChangeAsync(ManagedDeploymentState? last, CancellationToken cancellationToken) =>
        await states.Reader.ReadAsync(cancellationToken);

    public Task ContinueAsync(GateWait gate, CancellationToken cancellationToken)
    {
        Calls.Add($"continue {gate.WaitId}");
        Then(afterContinue.TryGetValue(gate.WaitId, out var next) ? next : []);
        return Task.CompletedTask;
    }

    public Task RollbackAsync(ManagedDeploymentState current, string reason, CancellationToken cancellationToken)
    {
        Calls.Add(current.WaitingAt is { } gate ? $"rollback at {gate.WaitId}" : "stop rollback");
        Then(AfterRollback);
        return Task.CompletedTask;
    }

    public static ManagedDeploymentState At(DeploymentStage stage, double production = 0, double test = 0) =>
        new() { Status = ManagedDeploymentStatus.InProgress, Stage = stage, ProductionWeight = production, TestWeight = test };

    public static ManagedDeploymentState Gate(DeploymentGate gate, string waitId, double production, double test = 100) =>
        new()
        {
            Status = ManagedDeploymentStatus.InProgress,
            Stage = gate == DeploymentGate.PostTestTrafficShift ? DeploymentStage.PostTestTrafficShift : DeploymentStage.PostProductionTrafficShift,
            ProductionWeight = production,
            TestWeight = test,
            WaitingAt = new GateWait(gate, waitId, DateTimeOffset.UtcNow.AddMinutes(15)),
        };

    public static ManagedDeploymentState Successful() => new() { Status = ManagedDeploymentStatus.Successful, ProductionWeight = 100 };
}
