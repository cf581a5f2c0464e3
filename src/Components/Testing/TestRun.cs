using System.Diagnostics;
using System.Globalization;
using Pipeline.Engine;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Testing;

/// <summary>
/// Runs test projects with TRX results and Cobertura coverage under the artifacts folder, up to
/// <c>maxParallel</c> at a time (unit test projects wait on processes, sockets and timers as much as on the CPU). Every
/// project runs even when another one fails; the failures are reported together at the end. A green project prints one
/// line as it finishes (counts, duration, why tests were skipped); a red one prints the test run's whole output.
/// <c>--verbose</c> streams every line as it comes, one project at a time.
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
        CancellationToken cancellationToken,
        int maxParallel = 1,
        AbsolutePath? durationsFile = null)
    {
        resultsDirectory.CreateDirectory();
        coverageDirectory.CreateDirectory();
        var gate = new Lock();
        var durations = durationsFile is null ? null : TestDurations.Read(durationsFile);
        var ordered = durations?.LongestFirst(projects) ?? [.. projects];
        using var slots = new SemaphoreSlim(build.Verbose ? 1 : Math.Max(1, maxParallel));
        var outcomes = await Task.WhenAll(ordered.Select(async project =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var outcome = await RunProjectAsync(build, project, configuration, resultsDirectory, coverageDirectory, environment, cancellationToken);
                lock (gate)
                {
                    foreach (var line in outcome.FailureOutput)
                    {
                        build.Output.WriteLine(line);
                    }

                    build.Output.WriteLine(outcome.Line);
                }

                return outcome;
            }
            finally
            {
                slots.Release();
            }
        }));

        if (durations is not null)
        {
            foreach (var outcome in outcomes)
            {
                durations.Record(outcome.Name, outcome.Duration);
            }

            await durations.WriteAsync(durationsFile!, cancellationToken);
        }

        var totals = outcomes.Where(o => o.Results is not null).Aggregate(TrxResults.Empty, (sum, o) => sum.Add(o.Results!));
        build.Output.WriteLine($"Tests: {totals.Passed} passed, {totals.Failed} failed, {totals.Skipped} skipped");
        var failed = outcomes.Where(o => !o.Succeeded).Select(o => o.Name).ToList();
        if (failed.Count > 0)
        {
            throw new TestsFailedException(
                $"Tests failed in {string.Join(", ", failed)}; see the output above and the TRX files in {resultsDirectory.RelativeTo(build.RootDirectory)}.");
        }

        return [.. outcomes.Select(o => o.Coverage).OfType<AbsolutePath>()];
    }

    private static async Task<ProjectOutcome> RunProjectAsync(
        IPipelineBuild build,
        AbsolutePath project,
        string configuration,
        AbsolutePath resultsDirectory,
        AbsolutePath coverageDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        CancellationToken cancellationToken)
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
        // Line coverage needs one hit per line: SingleHit spares the instrumented hot loops their counting.
        string[] include = scope.Count > 0 ? ["--", CoverageScope.IncludeArgument(scope), CoverageScope.SingleHitArgument] : [];
        string[] collect = CoverageScope.Excluded(project) ? [] : ["--collect", "XPlat Code Coverage;Format=cobertura"];
        string[] what = TestAssembly.Find(project, configuration) is { } assembly
            ? [assembly.Assembly, "--test-adapter-path", assembly.AdapterPath]
            : [project, "--no-build", "-c", configuration];
        var stopwatch = Stopwatch.StartNew();
        var result = await build.Tools.RunAsync(
            "dotnet",
            ["test", .. what, "--nologo",
             "--logger", $"trx;LogFileName={name}.trx", "--logger", $"console;verbosity={verbosity}", .. logger,
             "--results-directory", raw, .. collect, .. include],
            environment: environment,
            echo: build.Verbose,
            allowFailure: true,
            cancellationToken: cancellationToken);
        var trxFiles = Directory.Exists(raw) ? Directory.EnumerateFiles(raw, "*.trx", SearchOption.AllDirectories).ToList() : [];

        // No results at all means nothing ran (e.g. the project was never built), whatever the exit code says.
        var succeeded = result.ExitCode == 0 && trxFiles.Count > 0;
        var results = trxFiles.Count > 0 ? TrxResults.Read(trxFiles) : null;
        foreach (var trx in trxFiles)
        {
            File.Copy(trx, resultsDirectory / Path.GetFileName(trx), overwrite: true);
        }

        AbsolutePath? target = null;
        if (Directory.Exists(raw) && Directory.EnumerateFiles(raw, "coverage.cobertura.xml", SearchOption.AllDirectories).FirstOrDefault() is { } coverage)
        {
            target = coverageDirectory / $"{name}.cobertura.xml";
            File.Copy(coverage, target, overwrite: true);
        }

        return new ProjectOutcome(name, succeeded, results, target, stopwatch.Elapsed, Line(name, results, succeeded, stopwatch.Elapsed),
            succeeded || build.Verbose ? [] : result.Lines);
    }

    /// <summary>One project's run: what it printed when it failed (empty when green or streamed), and its summary line.</summary>
    private sealed record ProjectOutcome(
        string Name, bool Succeeded, TrxResults? Results, AbsolutePath? Coverage, TimeSpan Duration, string Line, IReadOnlyList<string> FailureOutput);

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
