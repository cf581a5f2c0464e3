using Pipeline.Engine.Execution;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class TextTests
{
    private readonly bool _ready = true;
    private readonly string _name = "x";

    private static string Text(Func<bool> condition, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string? code = null) =>
        new TargetCondition<bool>(condition, code).Text;

    [Fact]
    public void Conditions_read_like_the_code()
    {
        Assert.Equal("_ready", Text(() => _ready));
        Assert.Equal("!_ready", Text(() => !_ready));
        Assert.Equal("_name == \"x\" && _name.Length > 0", Text(() => _name == "x" && _name.Length > 0));
        Assert.Equal("DateTime.Today.DayOfWeek == DayOfWeek.Friday", Text(() => DateTime.Today.DayOfWeek == DayOfWeek.Friday));
        Assert.Equal("_ready && _name.Length > 0", Text(() =>
            _ready
            && _name.Length > 0));
        Assert.Equal("(condition)", ConditionText.Of(null));
    }

    [Theory]
    [InlineData("Registry", "Registry")]
    [InlineData("((IPush)this).Registry", "Registry")]
    [InlineData("Settings.Environment!", "Environment")]
    [InlineData("Registry ?? Fallback", null)]
    [InlineData("Count > 0", null)]
    [InlineData("Items[0]", null)]
    [InlineData("Load()", null)]
    public void A_required_value_names_its_member_only_when_it_is_a_member_access(string text, string? member) =>
        Assert.Equal(member, ConditionText.MemberName(text));

    [Fact]
    public void Command_line_splits_targets_options_and_values()
    {
        var line = CommandLine.Parse(["Test", "Pack", "--skip", "Restore", "--environment", "staging", "--regions", "a", "b", "--plan", "Lint", "--profile", "ci"]);

        Assert.Equal(["Test", "Pack", "Lint"], line.Targets);
        Assert.Equal(["Restore"], line.Skip);
        Assert.True(line.Plan);
        Assert.Equal(["ci"], line.Profiles);
        Assert.Equal(["staging"], line.Parameters["environment"]);
        Assert.Equal(["a", "b"], line.Parameters["regions"]);
    }

    [Fact]
    public void Verbose_and_the_mermaid_plan_are_options_not_targets_or_parameters()
    {
        var line = CommandLine.Parse(["Test", "--verbose", "--plan", "mermaid", "Lint"]);

        Assert.True(line.Verbose);
        Assert.True(line.PlanAsMermaid);
        Assert.Equal(["Test", "Lint"], line.Targets);
        Assert.Empty(line.Parameters);
        Assert.False(CommandLine.Parse(["Test", "--plan"]).PlanAsMermaid);
        Assert.False(CommandLine.Parse(["Test"]).Verbose);
    }

    [Fact]
    public void Skip_alone_means_skip_all_dependencies()
    {
        Assert.Empty(CommandLine.Parse(["Test", "--skip"]).Skip!);
        Assert.Null(CommandLine.Parse(["Test"]).Skip);
    }

    [Fact]
    public void Summary_formats_statuses_and_durations()
    {
        var summary = new BuildSummary(
            [
                new TargetResult("Compile", TargetStatus.Succeeded, TimeSpan.FromSeconds(2.34)),
                new TargetResult("Test", TargetStatus.Failed, TimeSpan.FromSeconds(75), "3 tests failed | badly"),
                new TargetResult("Pack", TargetStatus.NotRun, TimeSpan.Zero, "Test failed"),
                new TargetResult("Lint", TargetStatus.Skipped, TimeSpan.Zero, "--skip"),
            ],
            TimeSpan.FromSeconds(80));

        var table = summary.ToTable();
        Assert.Contains("Compile   Succeeded", table, StringComparison.Ordinal);
        Assert.Contains("2.3 s", table, StringComparison.Ordinal);
        Assert.Contains("1:15", table, StringComparison.Ordinal);
        Assert.Contains("Not run (Test failed)", table, StringComparison.Ordinal);
        Assert.EndsWith("Build failed.\n", table.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.False(summary.Succeeded);
        Assert.Contains("| Test | Failed (3 tests failed \\| badly) | 1:15 |", summary.ToMarkdown(), StringComparison.Ordinal);
    }
}
