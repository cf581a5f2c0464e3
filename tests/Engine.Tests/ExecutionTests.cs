using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class ExecutionTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild
    {
        public List<string> Ran { get; } = [];

        [Parameter]
        public string? Environment;

        public bool Ready { get; set; }

        public Target Compile => _ => _.Executes(() => Ran.Add(nameof(Compile)));
        public Target Broken => _ => _.Executes(() => throw new InvalidOperationException("compiler exploded\nat line 2"));
        public Target Flaky => _ => _.ProceedAfterFailure().Executes(() => throw new InvalidOperationException("flaky failed"));
        public Target AfterFlaky => _ => _.DependsOn(Flaky).Executes(() => Ran.Add(nameof(AfterFlaky)));
        public Target Independent => _ => _.After(Flaky, Broken).Executes(() => Ran.Add(nameof(Independent)));
        public Target Publish => _ => _.After(Broken, Flaky, Independent).AssuredAfterFailure().Executes(() => Ran.Add(nameof(Publish)));
        public Target OnlyOnServer => _ => _.OnlyWhenStatic(() => IsServerBuild).Executes(() => Ran.Add(nameof(OnlyOnServer)));
        public Target WhenReady => _ => _.DependsOn(Compile).OnlyWhenDynamic(() => Ready).Executes(() => Ran.Add(nameof(WhenReady)));
        public Target MakeReady => _ => _.Before(WhenReady).Executes(() => Ready = true);
        public Target Deploy => _ => _.DependsOn(Compile).Requires(() => Environment).Executes(() => Ran.Add(nameof(Deploy)));
        public Target Guarded => _ => _.DependsOn(Compile).Requires(() => Ready).Executes(() => Ran.Add(nameof(Guarded)));
        public Target Slow => _ => _.Executes(async ct => await Task.Delay(TimeSpan.FromSeconds(30), ct));
        public Target AfterSlow => _ => _.DependsOn(Slow).Executes(() => Ran.Add(nameof(AfterSlow)));
        public Target UpToDate => _ => _.DependsOn(Compile).Executes(() => throw new TargetSkippedException("done before on the same inputs"));
        public Target AfterUpToDate => _ => _.DependsOn(UpToDate).Executes(() => Ran.Add(nameof(AfterUpToDate)));
        public Target SayVerbose => _ => _.Executes(() => Ran.Add(Verbose ? "verbose" : "quiet"));
    }

    [Fact]
    public void A_target_that_finds_its_work_done_ends_skipped_with_its_reason_and_dependents_run()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "AfterUpToDate"));

        Assert.Equal(["Compile", "AfterUpToDate"], build.Ran);
        Assert.Contains("UpToDate skipped: done before on the same inputs", _harness.Lines);
        Assert.Contains("Skipped (done before on the same inputs)", SummaryRow("UpToDate"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "SayVerbose" }, "quiet")]
    [InlineData(new[] { "SayVerbose", "--verbose" }, "verbose")]
    public void Targets_see_whether_the_run_is_verbose(string[] args, string expected)
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, args));
        Assert.Equal([expected], build.Ran);
    }

    private string SummaryRow(string target) =>
        _harness.Lines.Last(l => l.StartsWith(target + " ", StringComparison.Ordinal) && !l.StartsWith("── ", StringComparison.Ordinal));

    [Fact]
    public void A_failure_stops_the_build_and_the_summary_says_why_each_target_did_not_run()
    {
        var build = new Build();
        Assert.Equal(1, _harness.Run(build, "Broken", "Independent"));

        Assert.Empty(build.Ran);
        Assert.Contains("✗ Broken failed: compiler exploded", _harness.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("at line 2", _harness.Output, StringComparison.Ordinal);
        Assert.Matches(@"^Broken\s+Failed \(compiler exploded\)\s+\d", SummaryRow("Broken"));
        Assert.Matches(@"^Independent\s+Not run \(Broken failed\)", SummaryRow("Independent"));
        Assert.Contains("Build failed.", _harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ProceedAfterFailure_lets_independent_targets_run_but_not_dependents()
    {
        var build = new Build();
        Assert.Equal(1, _harness.Run(build, "AfterFlaky", "Independent"));

        Assert.Equal(["Independent"], build.Ran);
        Assert.Matches(@"^Flaky\s+Failed \(flaky failed\)", SummaryRow("Flaky"));
        Assert.Matches(@"^AfterFlaky\s+Not run \(Flaky failed\)", SummaryRow("AfterFlaky"));
        Assert.Matches(@"^Independent\s+Succeeded", SummaryRow("Independent"));
    }

    [Fact]
    public void AssuredAfterFailure_runs_after_a_failure()
    {
        var build = new Build();
        Assert.Equal(1, _harness.Run(build, "Broken", "Independent", "Publish"));

        Assert.Equal(["Publish"], build.Ran);
        Assert.Matches(@"^Publish\s+Succeeded", SummaryRow("Publish"));
    }

    [Fact]
    public void A_false_static_condition_skips_with_its_text()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "OnlyOnServer", "Compile"));

        Assert.Equal(["Compile"], build.Ran);
        Assert.Matches(@"^OnlyOnServer\s+Skipped \(condition false: IsServerBuild\)", SummaryRow("OnlyOnServer"));
        Assert.Contains("Build succeeded.", _harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Static_conditions_see_the_host()
    {
        _harness.Environment["GITHUB_ACTIONS"] = "true";
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "OnlyOnServer"));
        Assert.Equal(["OnlyOnServer"], build.Ran);
    }

    [Fact]
    public void A_dynamic_condition_is_evaluated_right_before_the_target()
    {
        var skipped = new Build();
        _harness.Run(skipped, "WhenReady");
        Assert.Equal(["Compile"], skipped.Ran);
        Assert.Matches(@"^WhenReady\s+Skipped \(condition false: Ready\)", SummaryRow("WhenReady"));

        var ran = new Build();
        _harness.Run(ran, "WhenReady", "MakeReady");
        Assert.Equal(["Compile", "WhenReady"], ran.Ran);
    }

    [Fact]
    public void Skip_keeps_the_target_in_the_summary_with_the_reason()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "WhenReady", "MakeReady", "--skip", "Compile"));
        Assert.Equal(["WhenReady"], build.Ran);
        Assert.Matches(@"^Compile\s+Skipped \(--skip\)", SummaryRow("Compile"));
    }

    [Fact]
    public void Skip_without_names_skips_every_dependency()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "Deploy", "--skip", "--environment", "dev"));
        Assert.Equal(["Deploy"], build.Ran);
    }

    [Fact]
    public void Requirements_are_checked_before_anything_runs_and_all_are_reported()
    {
        var build = new Build();
        Assert.Equal(1, _harness.Run(build, "Deploy", "Guarded"));

        Assert.Empty(build.Ran);
        Assert.Equal(
            [
                "error: Target 'Deploy' requires parameter --environment: pass --environment <value>, set PIPELINE_ENVIRONMENT, or add \"Environment\" to .nuke/parameters.json.",
                "error: Target 'Guarded' requires Ready, which is false.",
            ],
            _harness.Lines);
    }

    [Fact]
    public void A_skipped_target_does_not_need_its_requirements()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "Deploy", "--skip", "Deploy"));
        Assert.Equal(["Compile"], build.Ran);
    }

    [Fact]
    public void Cancellation_fails_the_running_target_and_leaves_the_rest_not_run()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var build = new Build();
        var code = _harness.Run(build, [], cancellation.Token, "AfterSlow");

        Assert.Equal(1, code);
        Assert.Matches(@"^Slow\s+Failed \(cancelled\)", SummaryRow("Slow"));
        Assert.Matches(@"^AfterSlow\s+Not run", SummaryRow("AfterSlow"));
    }

    [Fact]
    public void The_default_target_runs_without_arguments()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, [x => x.Compile], default));
        Assert.Equal(["Compile"], build.Ran);
    }

    [Fact]
    public void Without_targets_or_a_default_the_help_is_shown()
    {
        Assert.Equal(0, _harness.Run(new Build()));
        Assert.Contains("Targets:", _harness.Output, StringComparison.Ordinal);
    }
}
