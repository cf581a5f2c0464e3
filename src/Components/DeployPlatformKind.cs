namespace Pipeline.Components;

/// <summary>Where <c>Deploy</c> runs the service.</summary>
public enum DeployPlatformKind
{
    /// <summary>The published service as local processes behind the local edge (needs only .NET).</summary>
    Process,

    /// <summary>The built image as containers on a Docker engine behind the local edge.</summary>
    Docker,
}
