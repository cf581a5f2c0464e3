using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary>
/// <c>Publish</c>: <c>dotnet publish</c> of the service project into <c>artifacts/publish/&lt;name&gt;</c>. It builds the
/// service and what it references, not the solution: the image job builds only what it ships (the deterministic build
/// gives the binaries <c>Compile</c> and the tests saw).
/// </summary>
public interface IPublish : ICompile
{
    /// <summary>The service project to publish.</summary>
    AbsolutePath PublishProject { get; }

    AbsolutePath PublishDirectory => ArtifactsDirectory / "publish" / Path.GetFileNameWithoutExtension(PublishProject);

    Target Publish => _ => _
        .Description("Publish the service (framework-dependent) into artifacts/publish/")
        .DependsOn(Restore)
        .Produces("artifacts/publish")
        .Executes(ct => Tools.RunAsync(
            "dotnet", ["publish", PublishProject, "--no-restore", "--nologo", "-c", Configuration.ToString(), "-o", PublishDirectory, "-v", "q"],
            cancellationToken: ct));
}
