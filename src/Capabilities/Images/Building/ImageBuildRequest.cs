namespace Pipeline.Images.Building;

/// <summary>What to build and how to name it.</summary>
/// <param name="ContextDirectory">The build context root; <c>.dockerignore</c> in it is honoured.</param>
/// <param name="Repository">Repository the tags go on, e.g. <c>sample-api</c> or <c>registry.example.com/team/api</c>.</param>
/// <param name="Dockerfile">Dockerfile path relative to the context.</param>
public sealed record ImageBuildRequest(string ContextDirectory, string Repository, string Dockerfile = "Dockerfile")
{
    /// <summary>Build arguments, e.g. <c>BASE_IMAGE</c>.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Multi-stage target to stop at; null builds the last stage.</summary>
    public string? Target { get; init; }

    /// <summary>Where the image comes from; drives the tags and the OCI labels.</summary>
    public ImageSource? Source { get; init; }

    /// <summary>Extra tags besides the ones derived from <see cref="Source"/>.</summary>
    public IReadOnlyList<string> ExtraTags { get; init; } = [];

    /// <summary>Extra labels; they override the derived OCI labels of the same name.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Ignore the engine's layer cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>Network mode for RUN steps (e.g. <c>host</c>); null is the engine's default.</summary>
    public string? NetworkMode { get; init; }
}

/// <summary>
/// The revision an image is built from. <paramref name="Created"/> should be the commit time (not the wall clock) so that
/// rebuilding an unchanged commit reproduces the same image and a second push finds nothing to upload.
/// </summary>
public sealed record ImageSource(string Sha, string? Branch = null, string? Version = null, string? RepositoryUrl = null, DateTimeOffset? Created = null);
