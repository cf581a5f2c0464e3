namespace Pipeline.Deploy.Environments;

/// <summary>
/// An environment's platform and that platform's settings, as the build declares them (local ports and database,
/// Docker images and limits, an ECS cluster and service…). Each platform's folder has one subclass, which opens the
/// environment the platform owns: adding a platform is adding its folder, with no switch to edit elsewhere.
/// </summary>
public abstract record PlatformSettings
{
    /// <summary>Short platform name for logs, records and Status: "process", "docker", "ecs".</summary>
    public abstract string Platform { get; }

    /// <summary>What <c>Deploy</c> needs built on this machine before it runs on this platform.</summary>
    public abstract DeployInputs Inputs { get; }

    /// <summary>The production URL users reach, when known from the settings alone.</summary>
    public virtual Uri? Url => null;

    /// <summary>Null when the settings are valid; otherwise one line naming the environment and the wrong setting.</summary>
    public virtual string? Validate(string environment) => null;

    /// <summary>Opens the environment this platform owns (its state, history, lock, Down and Status).</summary>
    public abstract IPlatformEnvironment Open(EnvironmentContext context);
}
