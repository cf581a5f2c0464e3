using System.Text.Json.Serialization;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>How a deployment ended (ECS's ServiceDeploymentStatus, plus what a crash leaves behind).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentOutcome>))]
public enum DeploymentOutcome
{
    /// <summary>Running (or the process running it was killed; RECONCILE_SERVICE turns it into Interrupted).</summary>
    InProgress,

    /// <summary>The new revision serves all production traffic.</summary>
    Successful,

    /// <summary>Something went wrong and traffic is back on the previous revision.</summary>
    RolledBack,

    /// <summary>The rollback itself failed: the environment needs a look (Status), then a re-run converges it.</summary>
    RollbackFailed,

    /// <summary>Stopped before anything changed (e.g. the environment could not be reconciled).</summary>
    Failed,

    /// <summary>The deploying process died; a later deploy found the record and converged the environment.</summary>
    Interrupted,
}

/// <summary>Whether a record is a deployment or an on-demand rollback.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentKind>))]
public enum DeploymentKind
{
    Deploy,
    Rollback,
}

/// <summary>
/// The record of one deployment, saved as JSON in the environment's <c>deployments/</c> folder and returned by
/// <see cref="DeployEngine"/>: who, what, when, the result, every stage with its duration, smoke tests and the
/// rollback reason.
/// </summary>
public sealed record DeploymentRecord
{
    /// <summary>Sortable id, also the file name: 20261122T101501123Z-1.4.0.</summary>
    public required string Id { get; init; }

    public required string Environment { get; init; }

    public required string Platform { get; init; }

    public DeploymentKind Kind { get; init; }

    /// <summary>What was deployed; its source is the platform's durable copy once SCALE_UP ran.</summary>
    public required Release Release { get; init; }

    /// <summary>The version that served production before, if any.</summary>
    public string? PreviousVersion { get; init; }

    public required string Initiator { get; init; }

    public string Host { get; init; } = System.Environment.MachineName;

    public int ProcessId { get; init; } = System.Environment.ProcessId;

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public DeploymentOutcome Outcome { get; init; }

    /// <summary>The traffic shift used, e.g. "Linear 25 % every 2s".</summary>
    public string Shift { get; init; } = "";

    public IReadOnlyList<StageResult> Stages { get; init; } = [];

    public IReadOnlyList<SmokeTestResult> SmokeTests { get; init; } = [];

    public RollbackReason? RollbackReason { get; init; }

    /// <summary>The production URL.</summary>
    public Uri? Url { get; init; }

    /// <summary>True when the new revision serves production.</summary>
    [JsonIgnore]
    public bool Succeeded => Outcome == DeploymentOutcome.Successful;

    /// <summary>Wall time from start to finish (zero while in progress).</summary>
    [JsonIgnore]
    public TimeSpan Duration => FinishedAt is { } end ? end - StartedAt : TimeSpan.Zero;
}
