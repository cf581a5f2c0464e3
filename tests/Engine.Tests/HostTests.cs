using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class HostTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild
    {
        public Target Compile => _ => _.Description("Compile it").Executes(() => Output.WriteLine("compiling"));
        public Target Test => _ => _.DependsOn(Compile).Executes(() => throw new InvalidOperationException("2 tests failed: 50% done"));
    }

    [Fact]
    public void GitHub_Actions_gets_groups_error_annotations_and_a_step_summary()
    {
        var summary = Path.Combine(_harness.Root, "step-summary.md");
        _harness.Environment["GITHUB_ACTIONS"] = "true";
        _harness.Environment["GITHUB_STEP_SUMMARY"] = summary;

        Assert.Equal(1, _harness.Run(new Build(), "Test"));

        var lines = _harness.Lines;
        Assert.Equal(["::group::Compile", "compiling", "::endgroup::", "::group::Test"], lines[..4]);
        Assert.Contains("::error title=Target Test failed::2 tests failed: 50%25 done", lines);
        var markdown = File.ReadAllText(summary);
        Assert.Contains("| Target | Status | Duration |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Compile | Succeeded |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Test | Failed (2 tests failed: 50% done) |", markdown, StringComparison.Ordinal);
        Assert.StartsWith("### ❌ Build failed", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_gets_headers_and_no_workflow_commands()
    {
        Assert.Equal(1, _harness.Run(new Build(), "Test"));
        Assert.DoesNotContain("::", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("── Compile ─", _harness.Output, StringComparison.Ordinal);
    }
}
