using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pipeline.GitHub.IntegrationTests.StandIn;

/// <summary>
/// GitHub's official OpenAPI description (npm <c>@octokit/openapi</c>) served by Prism (npm <c>@stoplight/prism-cli</c>),
/// installed on first use under the repository's git-ignored <c>.tmp/github-standin/&lt;versions&gt;</c> (or
/// PIPELINE_PRISM_DIR); <c>.ci/run</c> installs them before the tests.
/// </summary>
internal static class Prism
{
    public const string OpenApiPackage = "@octokit/openapi@23.0.2";
    public const string PrismPackage = "@stoplight/prism-cli@5.16.0";

    public static bool Required => Environment.GetEnvironmentVariable("PIPELINE_REQUIRE_PRISM") == "1";

    /// <summary>Null when node and npm are on the PATH; otherwise why the GitHub stand-in tests are skipped.</summary>
    public static string? UnavailableReason { get; } =
        OnPath("node") && OnPath("npm") ? null : "node and npm are needed for the GitHub stand-in (Prism serving GitHub's OpenAPI description); install Node.js 20";

    public static string Directory(string root) =>
        Environment.GetEnvironmentVariable("PIPELINE_PRISM_DIR") ?? Path.Combine(root, ".tmp", "github-standin", "openapi-23.0.2-prism-5.16.0");

    /// <summary>Installs the packages when missing; returns (prism's entry script, GitHub's description).</summary>
    public static (string Prism, string Description) Install(string root)
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException($"PIPELINE_REQUIRE_PRISM=1 but {reason}");
        }

        var directory = Directory(root);
        var prism = Path.Combine(directory, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
        var description = Path.Combine(directory, "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");
        if (!File.Exists(prism) || !File.Exists(description))
        {
            System.IO.Directory.CreateDirectory(directory);
            var (code, output) = Run("npm", ["install", "--prefix", directory, "--no-audit", "--no-fund", OpenApiPackage, PrismPackage], directory, TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                throw new InvalidOperationException($"npm install {OpenApiPackage} {PrismPackage} failed in {directory}:\n{output}");
            }
        }

        return (prism, description);
    }

    public static string RepositoryRoot([CallerFilePath] string file = "")
    {
        var directory = Path.GetDirectoryName(file);
        while (directory is not null && !File.Exists(Path.Combine(directory, "global.json")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException($"No global.json above {file}.");
    }

    private static (int, string) Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout.TotalMinutes} minutes (network to the npm registry?)");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}

/// <summary>A fact that needs the GitHub stand-in: skipped with the reason when node is missing, unless PIPELINE_REQUIRE_PRISM=1.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PrismFactAttribute : FactAttribute
{
    public PrismFactAttribute()
    {
        if (Prism.UnavailableReason is { } reason && !Prism.Required)
        {
            Skip = reason;
        }
    }
}
