using System.Runtime.CompilerServices;

namespace Pipeline.Testing.Images;

/// <summary>Build contexts for the image tests: the ones in the source tree (tests run from the checkout) and throwaway ones.</summary>
public static class ImageAssets
{
    /// <summary>A context with a .dockerignore, a Dockerfile taking BASE_IMAGE and GREETING_SUFFIX, and files it ignores.</summary>
    public static string Hello => Path.Combine(Root(), "hello");

    /// <summary>A throwaway build context holding one Dockerfile; disposing it deletes it.</summary>
    public static TempContext TempContext(string dockerfile) => new(dockerfile);

    private static string Root([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "Assets");
}
