using Pipeline.Components.Versioning;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Images.Building;

namespace Pipeline.Components;

/// <summary>
/// <c>Image</c>: builds the service's Dockerfile through the Docker Engine API (context honouring .dockerignore, OCI
/// labels, tags from the git sha, branch and <see cref="GitVersion"/>) and records the local image id for <c>Push</c>.
/// </summary>
public interface IImage : IPipelineBuild
{
    /// <summary>The repository name the local tags go on, e.g. <c>pipeline-sample</c>.</summary>
    string ImageRepository { get; }

    /// <summary>The build context directory (its .dockerignore is honoured): the published service when there is one.</summary>
    AbsolutePath ImageContext => this is IPublish publish ? publish.PublishDirectory : RootDirectory;

    /// <summary>The Dockerfile, relative to <see cref="ImageContext"/>.</summary>
    string Dockerfile => "Dockerfile";

    [Parameter("Base image for the Dockerfile's BASE_IMAGE argument (default: $PIPELINE_ASPNET_IMAGE, else the Dockerfile's own)")]
    string? BaseImage => Parameters.Get<string>(nameof(BaseImage)) ?? System.Environment.GetEnvironmentVariable("PIPELINE_ASPNET_IMAGE");

    /// <summary>Build arguments; <c>BASE_IMAGE</c> comes from <c>--base-image</c> when given.</summary>
    IReadOnlyDictionary<string, string> ImageBuildArgs =>
        BaseImage is { Length: > 0 } baseImage ? new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage } : new Dictionary<string, string>();

    /// <summary>Where <c>Image</c> records the local image id for <c>Push</c>.</summary>
    AbsolutePath LocalImageFile => ArtifactsDirectory / "image" / "local-image.txt";

    Target Image => _ => _
        .Description("Build the container image through the Docker engine (tags: sha, branch, version)")
        .TryDependsOn<IPublish>(x => x.Publish)
        .Produces("artifacts/image/local-image.txt")
        .Executes(async ct => Output.WriteLine($"Built {await BuildImageAsync(ct)}"));

    /// <summary>Builds the image and records it in <see cref="LocalImageFile"/>; <c>Image</c> and a Docker deploy use it.</summary>
    async Task<BuiltImage> BuildImageAsync(CancellationToken cancellationToken)
    {
        var built = await ImageBuild.BuildAsync(this, new ImageBuildRequest(ImageContext, ImageRepository, Dockerfile) { BuildArgs = ImageBuildArgs }, cancellationToken);
        LocalImageFile.Parent.CreateDirectory();
        await File.WriteAllTextAsync(LocalImageFile, $"{built.Id}\n{string.Join('\n', built.Tags)}\n", cancellationToken);
        return built;
    }
}
