namespace Pipeline.Components.Services;

/// <summary>
/// How a service's image is built: its Dockerfile in its build context (relative to the repository root; the
/// context's .dockerignore is honoured), build arguments, and optionally a step that prepares the context first
/// (<see cref="ServiceCommand.DotNetPublish"/> for a .NET service, any command otherwise).
/// </summary>
public sealed record ServiceImage
{
    /// <summary>The build context, relative to the repository root; null: the service's <see cref="ServiceDeclaration.Directory"/>.</summary>
    public string? Context { get; init; }

    /// <summary>The Dockerfile, relative to the context.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    /// <summary>The repository the local tags go on and the name pushed under; null: the service's name.</summary>
    public string? Repository { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Run before the build (in the service's folder unless it says otherwise), e.g. a publish into the context.</summary>
    public ServiceCommand? Prepare { get; init; }
}
