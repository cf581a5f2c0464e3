using System.Globalization;
using Pipeline.Components.Testing;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Components;

/// <summary>
/// <c>Integration</c>: the integration test projects (<c>tests/**/*.IntegrationTests.csproj</c>) against real parts
/// (Docker engine, registry, PostgreSQL). Without a Docker engine those tests skip with the reason printed.
/// </summary>
public interface IIntegration : ITest
{
    IEnumerable<AbsolutePath> IntegrationTestProjects => FindProjects(RootDirectory / "tests", "*.IntegrationTests.csproj");

    Target Integration => _ => _
        .Description("Run the integration tests against real parts (Docker, registry, PostgreSQL)")
        .DependsOn(Compile)
        .After(Test)
        .Produces("artifacts/test-results", "artifacts/coverage")
        .Executes(async ct =>
        {
            var files = await TestRun.RunAsync(this, IntegrationTestProjects, Configuration.ToString(), TestResultsDirectory, CoverageDirectory / "integration", TestEnvironment, ct);
            var report = CoverageReport.Merge(files.Select(f => f.Value), RootDirectory / "src");
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Line coverage of the src/ projects the integration tests reference: {report.LinePercent:0.0} % ({report.CoveredLines}/{report.TotalLines} lines)"));
            Host.AppendSummaryMarkdown(report.ToMarkdown(CoverageThreshold).Replace("### Line coverage of src/", "### Integration tests: line coverage", StringComparison.Ordinal));
        });
}
