namespace Pipeline.Testing.Tools;

/// <summary>Finds an executable the way a shell does: the first directory of PATH that holds it.</summary>
public static class SearchPath
{
    /// <summary>The full path of <paramref name="name"/> on PATH (<paramref name="path"/> when given), or null.</summary>
    public static string? Find(string name, string? path = null) =>
        (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
