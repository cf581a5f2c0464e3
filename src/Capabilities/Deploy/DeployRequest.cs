using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>One deployment: what to deploy and how (traffic shift, bake, smoke tests, migrations hook).</summary>
/// <param name="Release">What to deploy.</param>
public sealed record DeployRequest(Release Release)
{
    /// <summary>How production traffic moves (default all at once).</summary>
    public TrafficShift Shift { get; init; } = TrafficShift.AllAtOnce;

    /// <summary>The bake watch and its rollback thresholds.</summary>
    public BakeSettings Bake { get; init; } = new();

    /// <summary>Smoke tests run against the test endpoint, then production; none when null.</summary>
    public SmokeTests? SmokeTests { get; init; }

    /// <summary>
    /// Runs at PRE_SCALE_UP, before the new revision starts and before any traffic moves: the place for pending
    /// migrations (which must be backward compatible with the active revision). A throw stops the deploy.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeTrafficShift { get; init; }

    /// <summary>How long the new revision has to become ready (SCALE_UP).</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another deploy to the same environment to finish.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a rollback may take (it runs even when the deploy was cancelled).</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Who deploys, for the record (default: the OS user; the build passes its host's actor).</summary>
    public string Initiator { get; init; } = System.Environment.UserName;

    /// <summary>Null when valid; otherwise one line naming the first wrong setting.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Release.Version))
        {
            return "release version is empty: pass the version to deploy";
        }

        if (Release.Version.IndexOfAny(['/', '\\', ':', ' ']) >= 0 || Release.Version is "." or "..")
        {
            return $"release version '{Release.Version}' may not contain '/', '\\', ':' or spaces";
        }

        if (string.IsNullOrWhiteSpace(Release.Source))
        {
            return $"release {Release.Version} has no source: pass the published folder, image or task definition";
        }

        return Shift.Validate()
            ?? Bake.Validate()
            ?? SmokeTests?.Validate()
            ?? (HealthTimeout <= TimeSpan.Zero ? $"health timeout {HealthTimeout} must be more than 0" : null)
            ?? (LockTimeout < TimeSpan.Zero ? $"lock timeout {LockTimeout} must be 0 or more" : null)
            ?? (RollbackTimeout <= TimeSpan.Zero ? $"rollback timeout {RollbackTimeout} must be more than 0" : null);
    }
}
