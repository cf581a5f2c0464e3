namespace Pipeline.Deploy.Managed;

/// <summary>
/// Everything a managed platform needs to know when the deployment starts: how production traffic moves, how long it
/// bakes, where it waits for the engine, and which alarms roll it back.
/// </summary>
public sealed record DeploymentPlan
{
    public TrafficShift Shift { get; init; } = TrafficShift.AllAtOnce;

    /// <summary>BAKE_TIME after the full production shift (the platform's own bake; its alarms are watched meanwhile).</summary>
    public TimeSpan Bake { get; init; } = TimeSpan.Zero;

    /// <summary>The gates the platform holds until the engine continues or rolls back.</summary>
    public IReadOnlyList<DeploymentGate> Gates { get; init; } = [DeploymentGate.PostTestTrafficShift, DeploymentGate.PostProductionTrafficShift];

    /// <summary>How long a gate waits for the engine before the platform rolls back by itself.</summary>
    public TimeSpan GateTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Alarm names that roll the deployment back while it runs and bakes.</summary>
    public IReadOnlyList<string> Alarms { get; init; } = [];

    /// <summary>
    /// Why the <see cref="Alarms"/> cannot judge this bake although they watch it (it ends before they evaluate, e.g.
    /// shorter than their period), or null: the record and the log then say the bake was not judged.
    /// </summary>
    public string? AlarmsCannotJudge { get; init; }
}
