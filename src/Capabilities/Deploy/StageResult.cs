using System.Text.Json.Serialization;

namespace Pipeline.Deploy;

/// <summary>How one stage ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageOutcome>))]
public enum StageOutcome
{
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>One stage of a deployment as it ran: its ECS name, outcome, duration and a one-line note.</summary>
public sealed record StageResult(DeploymentStage Stage, StageOutcome Outcome, TimeSpan Duration, string? Message = null)
{
    /// <summary>ECS spelling of the stage, e.g. "PRODUCTION_TRAFFIC_SHIFT".</summary>
    public string Name => Stage.ToEcsName();
}
