namespace Pipeline.Testing.Tools;

/// <summary>
/// Where the tests find PowerShell: PIPELINE_PWSH, else the repository's git-ignored <c>.tmp/pwsh/pwsh</c> (what
/// <c>.ci/run</c> installs with <c>dotnet tool install PowerShell --version 7.6.9 --tool-path .tmp/pwsh</c>), else
/// <c>pwsh</c> on PATH.
/// </summary>
public static class PowerShell
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The pwsh executable, or null.</summary>
    public static string? Executable => Found.Value;

    public static string UnavailableReason =>
        "pwsh not found (PIPELINE_PWSH, .tmp/pwsh/pwsh, PATH); install it: dotnet tool install PowerShell --version 7.6.9 --tool-path .tmp/pwsh";

    private static string? Find()
    {
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        if (Environment.GetEnvironmentVariable("PIPELINE_PWSH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var local = Path.Combine(directory.FullName, ".tmp", "pwsh", name);
            if (File.Exists(local))
            {
                return local;
            }
        }

        return SearchPath.Find(name);
    }
}
