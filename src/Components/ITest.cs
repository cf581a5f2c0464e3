using System.Globalization;
using Pipeline.Components.Testing;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary>
/// <c>Test</c>: the unit test projects (<c>tests/**/*.Tests.csproj</c>) with TRX results and Cobertura coverage under
/// <c>artifacts/</c>; fails when line coverage of <c>src/</c> is below <c>--coverage-threshold</c>. Each test project's
/// coverage counts the src/ projects it references directly (<see cref="CoverageScope"/>). When the last green run had
/// the same inputs (<see cref="TestInputs"/>), the target is skipped and says why; <c>--force-tests</c> runs it anyway.
/// </summary>
public interface ITest : ICompile
{
    [Parameter("Minimum line coverage of src/ in percent, measured by the Test target")]
    int CoverageThreshold => Parameters.Get(nameof(CoverageThreshold), 80);

    [Parameter("Run the unit tests even when they passed before on the same inputs")]
    bool ForceTests => Parameters.Get(nameof(ForceTests), false);

    /// <summary>The inputs of the last green Test run.</summary>
    AbsolutePath PassedTestsRecordPath => TemporaryDirectory / "test-inputs.json";

    IEnumerable<AbsolutePath> TestProjects => FindProjects(RootDirectory / "tests", "*.Tests.csproj");

    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    AbsolutePath CoverageDirectory => ArtifactsDirectory / "coverage";

    /// <summary>
    /// How many unit test projects run at once (each in its own <c>dotnet test</c>): one per core, at least two, as they
    /// wait on processes, sockets and timers as much as on the CPU. Integration tests run one project at a time.
    /// </summary>
    int TestParallelism => Math.Max(2, Environment.ProcessorCount);

    /// <summary>Extra environment for the test processes.</summary>
    IReadOnlyDictionary<string, string?> TestEnvironment => new Dictionary<string, string?>();

    Target Test => _ => _
        .Description("Run the unit tests with coverage (TRX and Cobertura under artifacts/)")
        .DependsOn(Compile)
        .Produces("artifacts/test-results", "artifacts/coverage")
        .Executes(async ct =>
        {
            var inputs = TestInputs.Compute(RootDirectory,
            [
                Configuration.ToString(), $"coverage threshold {CoverageThreshold}", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                .. TestProjects.Select(p => p.RelativeTo(RootDirectory)),
                .. TestEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"),
            ]);
            if (!ForceTests && PassedTestsRecord.Read(PassedTestsRecordPath) is { } last && last.Inputs == inputs.Hash)
            {
                throw new TargetSkippedException(string.Create(CultureInfo.InvariantCulture,
                    $"unit tests passed at {last.PassedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} on the same inputs ({inputs.Files} files of src/ and tests/, build files, {Configuration}); --force-tests to run them"));
            }

            PassedTestsRecord.Forget(PassedTestsRecordPath);
            var files = await TestRun.RunAsync(this, TestProjects, Configuration.ToString(), TestResultsDirectory, CoverageDirectory, TestEnvironment, ct,
                maxParallel: TestParallelism, durationsFile: TemporaryDirectory / "test-durations.json");
            var report = CoverageReport.Merge(files.Select(f => f.Value), RootDirectory / "src");
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Line coverage of src/: {report.LinePercent:0.0} % ({report.CoveredLines}/{report.TotalLines} lines, threshold {CoverageThreshold} %)"));
            await File.WriteAllTextAsync(CoverageDirectory / "summary.md", report.ToMarkdown(CoverageThreshold), ct);
            Host.AppendSummaryMarkdown(report.ToMarkdown(CoverageThreshold));
            if (report.LinePercent < CoverageThreshold)
            {
                throw new CoverageThresholdException(string.Create(CultureInfo.InvariantCulture,
                    $"Line coverage of src/ is {report.LinePercent:0.0} %, below the threshold of {CoverageThreshold} %; add tests or lower --coverage-threshold."));
            }

            await new PassedTestsRecord(inputs.Hash, DateTimeOffset.UtcNow).WriteAsync(PassedTestsRecordPath, ct);
        });

    static IEnumerable<AbsolutePath> FindProjects(AbsolutePath directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(p => new AbsolutePath(p))
            : [];
}
