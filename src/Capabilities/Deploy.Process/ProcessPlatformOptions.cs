namespace Pipeline.Deploy.Process;

/// <summary>How the Process platform runs a published app.</summary>
public sealed record ProcessPlatformOptions
{
    /// <summary>
    /// The app's entry assembly in the published folder, e.g. "Pipeline.Sample.dll". When null the folder must hold
    /// exactly one <c>*.runtimeconfig.json</c>, which names it.
    /// </summary>
    public string? EntryAssembly { get; init; }

    /// <summary>The readiness path polled before traffic moves and while baking.</summary>
    public string ReadinessPath { get; init; } = "/health/ready";

    /// <summary>Environment variables for every colour (connection string, provider, ...).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long in-flight requests may take to finish on a colour leaving service.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopping process gets after SIGTERM before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Release copies kept besides those running (for on-demand rollback).</summary>
    public int KeepReleases { get; init; } = 5;
}
