namespace Pipeline.Deploy;

/// <summary>
/// What a user does about a <see cref="DeployException"/>, for the build to turn into its exact command (the library
/// does not know how the user runs targets).
/// </summary>
public enum DeployRemedy
{
    /// <summary>The message says it all.</summary>
    None,

    /// <summary>Take the environment down (its data stays), then deploy again.</summary>
    TakeDown,

    /// <summary>Deploy again: it converges from what runs.</summary>
    Deploy,

    /// <summary>Build the image the environment runs, then deploy it.</summary>
    BuildImage,
}
