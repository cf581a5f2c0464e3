namespace Pipeline.Testing;

/// <summary>The checkout the tests run from: the folder above the test assembly holding Directory.Packages.props.</summary>
public static class RepositoryFolder
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
        }
    }
}
