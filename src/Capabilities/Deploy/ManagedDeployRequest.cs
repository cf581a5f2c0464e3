using Pipeline.Deploy.Managed;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>One deployment on a managed platform: what to deploy, the whole plan, the smoke tests run at its gates.</summary>
/// <param name="Release">What to deploy (ECS: the image by digest, or a registered task definition ARN to deploy again).</param>
/// <param name="Plan">Shift, bake, gates, gate timeout and alarms, handed to the platform at the start.</param>
public sealed record ManagedDeployRequest(Release Release, DeploymentPlan Plan)
{
    /// <summary>Run against the test endpoint at POST_TEST_TRAFFIC_SHIFT and against production at POST_PRODUCTION_TRAFFIC_SHIFT.</summary>
    public SmokeTests? SmokeTests { get; init; }

    /// <summary>Deploy, or an on-demand rollback (the previous release deployed again).</summary>
    public DeploymentKind Kind { get; init; } = DeploymentKind.Deploy;

    /// <summary>Who deploys, for the record.</summary>
    public string Initiator { get; init; } = System.Environment.UserName;

    /// <summary>How long a rollback may take once requested (it runs even when the deploy was cancelled).</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Null when valid; otherwise one line naming the first wrong setting.</summary>
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Release.Version) ? "release version is empty: pass the version to deploy"
        : string.IsNullOrWhiteSpace(Release.Source) ? $"release {Release.Version} has no source: pass the image by digest (repository@sha256:…)"
        : Plan.Shift.Validate()
          ?? (Plan.Bake < TimeSpan.Zero ? $"bake time {Plan.Bake} must be 0 or more" : null)
          ?? (Plan.GateTimeout <= TimeSpan.Zero ? $"gate timeout {Plan.GateTimeout} must be more than 0" : null)
          ?? SmokeTests?.Validate()
          ?? (RollbackTimeout <= TimeSpan.Zero ? $"rollback timeout {RollbackTimeout} must be more than 0" : null);
}
