namespace Pipeline.Templates.IntegrationTests;

/// <summary>
/// Where the tests find PowerShell: PIPELINE_PWSH, else the repository's git-ignored <c>.tmp/pwsh/pwsh</c> (what
/// <c>.ci/run</c> installs with <c>dotnet tool install PowerShell --version 7.6.9 --tool-path .tmp/pwsh</c>), else
/// <c>pwsh</c> on PATH. PIPELINE_REQUIRE_PWSH=1 (set by .ci/run) turns a missing one into a failure.
/// </summary>
public static class PowerShell
{
    public static bool Required => Environment.GetEnvironmentVariable("PIPELINE_REQUIRE_PWSH") == "1";

    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The pwsh executable, or null.</summary>
    public static string? Executable => Found.Value;

    public static string UnavailableReason =>
        "pwsh not found (PIPELINE_PWSH, .tmp/pwsh/pwsh, PATH); install it: dotnet tool install PowerShell --version 7.6.9 --tool-path .tmp/pwsh";

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("PIPELINE_PWSH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var local = Path.Combine(directory.FullName, ".tmp", "pwsh", OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
            if (File.Exists(local))
            {
                return local;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh"))
            .FirstOrDefault(File.Exists);
    }
}
