namespace Pipeline.PublicApi.Tests;

/// <summary>This repository's root (holding Pipeline.sln), found upward from the test assembly.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
