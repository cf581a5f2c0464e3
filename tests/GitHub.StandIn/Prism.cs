using System.Diagnostics;
using System.Runtime.CompilerServices;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.StandIn;

/// <summary>
/// GitHub's official OpenAPI description (npm <c>@octokit/openapi</c>) served by Prism (npm <c>@stoplight/prism-cli</c>),
/// installed on first use under the repository's git-ignored <c>.tmp/github-standin/&lt;versions&gt;</c> (or
/// PIPELINE_PRISM_DIR); <c>.ci/run</c> installs them before the tests.
/// </summary>
internal static class Prism
{
    public const string OpenApiPackage = "@octokit/openapi@23.0.2";
    public const string PrismPackage = "@stoplight/prism-cli@5.16.0";

    public static string Directory(string root) =>
        Environment.GetEnvironmentVariable("PIPELINE_PRISM_DIR") ?? Path.Combine(root, ".tmp", "github-standin", "openapi-23.0.2-prism-5.16.0");

    /// <summary>Installs the packages when missing; returns (prism's entry script, GitHub's description).</summary>
    public static (string Prism, string Description) Install(string root)
    {
        Availability.Ensure(Requirement.Prism);
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
}
