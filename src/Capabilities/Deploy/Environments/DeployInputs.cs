namespace Pipeline.Deploy.Environments;

/// <summary>What a platform deploys from, so a deploy builds only what it needs (and a CI job skips the rest).</summary>
[Flags]
public enum DeployInputs
{
    /// <summary>Nothing built here: the platform deploys an image already pushed (<c>--image repository@sha256:…</c>).</summary>
    None = 0,

    /// <summary>The published service folder (<c>Publish</c>).</summary>
    PublishedService = 1,

    /// <summary>A container image: <c>--image</c>, or built here when it is not given.</summary>
    Image = 2,
}
