using System.Diagnostics;
using System.Globalization;
using Pipeline.Engine;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Testing;

/// <summary>
/// Runs test projects one after another with TRX results and Cobertura coverage under the artifacts folder. Every project
/// runs even when an earlier one fails; the failures are reported together at the end. A green project prints one line
/// (counts, duration, why tests were skipped); a red one prints the test run's whole output. <c>--verbose</c> streams
/// every line as it comes.
/// </summary>
public static class TestRun
{
    public static async Task<IReadOnlyList<AbsolutePath>> RunAsync(
        IPipelineBuild build,
        IEnumerable<AbsolutePath> projects,
        string configuration,
        AbsolutePath resultsDirectory,
        AbsolutePath coverageDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        CancellationToken cancellationToken)
    {
        resultsDirectory.CreateDirectory();
        coverageDirectory.CreateDirectory();
        var failed = new List<string>();
        var coverageFiles = new List<AbsolutePath>();
        var totals = TrxResults.Empty;
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var raw = resultsDirectory / "raw" / name;
            if (Directory.Exists(raw))
            {
                Directory.Delete(raw, recursive: true);
            }

            var logger = build.Host is Engine.Output.GitHubActionsHost ? new[] { "--logger", "GitHubActions" } : [];
            var verbosity = build.Verbose ? "normal" : "minimal";
            var scope = CoverageScope.Assemblies(project, build.RootDirectory / "src");
            string[] include = scope.Count > 0 ? ["--", CoverageScope.IncludeArgument(scope)] : [];
            var stopwatch = Stopwatch.StartNew();
            var result = await build.Tools.RunAsync(
                "dotnet",
                ["test", project, "--no-build", "-c", configuration, "--nologo",
                 "--logger", $"trx;LogFileName={name}.trx", "--logger", $"console;verbosity={verbosity}", .. logger,
                 "--results-directory", raw, "--collect", "XPlat Code Coverage;Format=cobertura", .. include],
                environment: environment,
                echo: build.Verbose,
                allowFailure: true,
                cancellationToken: cancellationToken);
            var trxFiles = Directory.Exists(raw) ? Directory.EnumerateFiles(raw, "*.trx", SearchOption.AllDirectories).ToList() : [];

            // No results at all means nothing ran (e.g. the project was never built), whatever the exit code says.
            var succeeded = result.ExitCode == 0 && trxFiles.Count > 0;
            if (!succeeded)
            {
                failed.Add(name);
                if (!build.Verbose)
                {
                    foreach (var line in result.Lines)
                    {
                        build.Output.WriteLine(line);
                    }
                }
            }

            var results = trxFiles.Count > 0 ? TrxResults.Read(trxFiles) : null;
            totals = results is null ? totals : totals.Add(results);
            build.Output.WriteLine(Line(name, results, succeeded, stopwatch.Elapsed));
            foreach (var trx in trxFiles)
            {
                File.Copy(trx, resultsDirectory / Path.GetFileName(trx), overwrite: true);
            }

            if (Directory.Exists(raw) && Directory.EnumerateFiles(raw, "coverage.cobertura.xml", SearchOption.AllDirectories).FirstOrDefault() is { } coverage)
            {
                var target = coverageDirectory / $"{name}.cobertura.xml";
                File.Copy(coverage, target, overwrite: true);
                coverageFiles.Add(target);
            }
        }

        build.Output.WriteLine($"Tests: {totals.Passed} passed, {totals.Failed} failed, {totals.Skipped} skipped");
        if (failed.Count > 0)
        {
            throw new TestsFailedException(
                $"Tests failed in {string.Join(", ", failed)}; see the output above and the TRX files in {resultsDirectory.RelativeTo(build.RootDirectory)}.");
        }

        return coverageFiles;
    }

    /// <summary>
    /// <c>✓ Pipeline.Engine.Tests  79 passed (4.2 s)</c>, with failed and skipped counts when there are any and the
    /// distinct skip reasons on the lines below.
    /// </summary>
    public static string Line(string project, TrxResults? results, bool succeeded, TimeSpan duration)
    {
        var seconds = duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (results is null)
        {
            return $"{(succeeded ? "✓" : "✗")} {project}  no test results ({seconds} s){(succeeded ? "" : "; see the output above")}";
        }

        var counts = new List<string>();
        if (results.Failed > 0)
        {
            counts.Add($"{results.Failed} failed");
        }

        counts.Add($"{results.Passed} passed");
        if (results.Skipped > 0)
        {
            counts.Add($"{results.Skipped} skipped");
        }

        var line = $"{(succeeded ? "✓" : "✗")} {project}  {string.Join(", ", counts)} ({seconds} s)";
        return results.SkipReasons.Count == 0
            ? line
            : line + string.Concat(results.SkipReasons.Select(reason => $"{Environment.NewLine}    skipped: {reason}"));
    }
}
