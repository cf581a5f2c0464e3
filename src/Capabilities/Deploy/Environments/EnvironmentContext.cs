using Microsoft.Extensions.Logging;

namespace Pipeline.Deploy.Environments;

/// <summary>What a platform needs from the build to open one of its environments.</summary>
public sealed record EnvironmentContext
{
    /// <summary>The environment's declared name.</summary>
    public required string Name { get; init; }

    /// <summary>The repository root (local platforms keep their state under <c>.pipeline/environments/&lt;name&gt;</c>).</summary>
    public required string RootDirectory { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>The declared production URL, when the declaration gives one.</summary>
    public Uri? Url { get; init; }

    /// <summary>The service's entry assembly file name (<c>Pipeline.Sample.dll</c>) for platforms that run the published folder.</summary>
    public string? EntryAssembly { get; init; }
}
