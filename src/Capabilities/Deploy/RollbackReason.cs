using System.Text.Json.Serialization;

namespace Pipeline.Deploy;

/// <summary>What made a deployment roll back.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RollbackTrigger>))]
public enum RollbackTrigger
{
    /// <summary>The new revision never became healthy within the health timeout (or exited).</summary>
    NeverHealthy,

    /// <summary>A smoke test failed, against the test endpoint or production.</summary>
    SmokeTestFailed,

    /// <summary>The error rate of the new revision went over the threshold while baking.</summary>
    ErrorRate,

    /// <summary>The p99 latency of the new revision went over the threshold while baking.</summary>
    Latency,

    /// <summary>The new revision stopped being healthy while baking.</summary>
    Unhealthy,

    /// <summary>The deployment was cancelled (Ctrl-C, a cancelled CI job).</summary>
    Cancelled,

    /// <summary>A hook (e.g. migrations) or the platform itself failed.</summary>
    Failure,

    /// <summary>A platform alarm (ECS: a CloudWatch alarm of the deployment configuration) triggered the rollback.</summary>
    Alarm,
}

/// <summary>Why a deployment rolled back: the trigger and one line for a human.</summary>
public sealed record RollbackReason(RollbackTrigger Trigger, string Message)
{
    /// <summary>What the user does about it (from the <see cref="DeployException"/> that caused it), for the build to word.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DeployRemedy>))]
    public DeployRemedy Remedy { get; init; }

    public override string ToString() => $"{Trigger}: {Message}";
}
