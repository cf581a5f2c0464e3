using System.Runtime.CompilerServices;

namespace Pipeline.Images.IntegrationTests.Support;

/// <summary>Paths of the test assets in the source tree (tests run from the checkout).</summary>
public static class Assets
{
    /// <summary>
    /// The BASE_IMAGE the asset Dockerfiles get: the official Debian image, or PIPELINE_DEBIAN_IMAGE (set by .ci/run to
    /// the image eng/offline-images/build.sh makes on machines without Docker Hub).
    /// </summary>
    public static string BaseImage => Pipeline.Testing.TestImages.Debian;

    public static string Hello => Path.Combine(Root(), "hello");

    /// <summary>A throwaway build context holding one Dockerfile; disposing it deletes it.</summary>
    public static TempContext TempContext(string dockerfile) => new(dockerfile);

    private static string Root([CallerFilePath] string file = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(file)!)!, "Assets");
}

public sealed class TempContext : IDisposable
{
    public TempContext(string dockerfile)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipeline-images-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "Dockerfile"), dockerfile);
    }

    public string Path { get; }

    public static implicit operator string(TempContext context) => context.Path;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
