using Pipeline.Components.Testing;

namespace Pipeline.Components.Tests;

public sealed class TestRunOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pipeline-trx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Trx(string name, params (string Outcome, string? Message)[] results)
    {
        var path = Path.Combine(_directory, name);
        var rows = string.Concat(results.Select((r, i) =>
            $"""
            <UnitTestResult testName="T{i}" outcome="{r.Outcome}">{(r.Message is null ? "" : $"<Output><ErrorInfo><Message>{r.Message}</Message></ErrorInfo></Output>")}</UnitTestResult>
            """));
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>{rows}</Results>
              <ResultSummary outcome="Completed"><Counters total="{results.Length}" executed="0" passed="0" failed="0" notExecuted="0" /></ResultSummary>
            </TestRun>
            """);
        return path;
    }

    [Fact]
    public void Counts_come_from_the_results_not_the_summary_counters_across_files()
    {
        var results = TrxResults.Read(
        [
            Trx("a.trx", ("Passed", null), ("Passed", null), ("NotExecuted", "no Docker engine"), ("Failed", "boom")),
            Trx("b.trx", ("Passed", null), ("NotExecuted", "no Docker engine"), ("NotExecuted", null)),
        ]);

        Assert.Equal(new[] { 3, 1, 3, 7 }, new[] { results.Passed, results.Failed, results.Skipped, results.Total });
        Assert.Equal(["no Docker engine", "no reason given"], results.SkipReasons);
    }

    [Fact]
    public void Totals_add_up_and_keep_each_skip_reason_once()
    {
        var total = new TrxResults(1, 0, 1, ["a"]).Add(new TrxResults(2, 3, 1, ["a", "b"]));
        Assert.Equal(new TrxResults(3, 3, 2, ["a", "b"]) with { SkipReasons = total.SkipReasons }, total);
        Assert.Equal(["a", "b"], total.SkipReasons);
    }

    [Fact]
    public void A_green_project_is_one_line_with_counts_and_duration()
    {
        var line = TestRun.Line("Pipeline.Engine.Tests", new TrxResults(79, 0, 0, []), succeeded: true, TimeSpan.FromSeconds(4.2));
        Assert.Equal("✓ Pipeline.Engine.Tests  79 passed (4.2 s)", line);
    }

    [Fact]
    public void Skips_are_counted_and_each_distinct_reason_is_shown_once()
    {
        var line = TestRun.Line("Pipeline.Images.IntegrationTests", new TrxResults(2, 0, 5, ["no Docker engine: /var/run/docker.sock does not exist"]), succeeded: true, TimeSpan.FromSeconds(1));
        Assert.Equal(
            ["✓ Pipeline.Images.IntegrationTests  2 passed, 5 skipped (1.0 s)", "    skipped: no Docker engine: /var/run/docker.sock does not exist"],
            line.Split(Environment.NewLine));
    }

    [Fact]
    public void A_red_project_leads_with_the_failures_and_a_crash_without_results_says_so()
    {
        Assert.Equal("✗ Pipeline.X.Tests  2 failed, 10 passed (3.0 s)", TestRun.Line("Pipeline.X.Tests", new TrxResults(10, 2, 0, []), succeeded: false, TimeSpan.FromSeconds(3)));
        Assert.Equal("✗ Pipeline.X.Tests  no test results (0.5 s); see the output above", TestRun.Line("Pipeline.X.Tests", null, succeeded: false, TimeSpan.FromSeconds(0.5)));
    }
}
