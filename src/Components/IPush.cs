using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Images;
using Pipeline.Images.Pushing;

namespace Pipeline.Components;

/// <summary>
/// <c>Push</c>: pushes the image <c>Image</c> built (to the <see cref="IRegistry"/>), and records <c>&lt;repository&gt;@sha256:…</c> in
/// <c>artifacts/image/digest.txt</c> and, on GitHub Actions, as the step output <c>image</c>.
/// </summary>
public interface IPush : IImage, IRegistry
{
    /// <summary>Where <c>Push</c> records the pushed image by digest; deploy targets read it.</summary>
    AbsolutePath DigestFile => ArtifactsDirectory / "image" / "digest.txt";

    Target Push => _ => _
        .Description("Push the image once (skipped when the registry already has it) and record its digest")
        .DependsOn(Image)
        .Requires(() => Registry)
        .Consumes("artifacts/image/local-image.txt")
        .Produces("artifacts/image/digest.txt")
        .Executes(async ct =>
        {
            if (!File.Exists(LocalImageFile))
            {
                throw new FileNotFoundException(
                    $"No built image is recorded in {LocalImageFile.RelativeTo(RootDirectory)}; run ./build.sh Image first (or Push without --skip Image).");
            }

            var lines = await File.ReadAllLinesAsync(LocalImageFile, ct);
            var pushed = await PushImageAsync(lines[0], ImageReference.Parse(lines[1]).Tag ?? "latest", Registry!, ct);
            await DigestRecord.WriteAsync(pushed, DigestFile, ct);
            Host.SetOutput("image", pushed.Pinned);
            Host.SetOutput("digest", pushed.Digest);
            Output.WriteLine(pushed.Skipped ? $"{pushed.Pinned} is already in the registry; nothing pushed." : $"Pushed {pushed.Pinned}");
        });
}
