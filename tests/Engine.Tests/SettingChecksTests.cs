using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

/// <summary><c>Validates</c>: settings checked, in the user's units, before any target runs; every problem reported.</summary>
public sealed class SettingChecksTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild
    {
        public List<string> Ran { get; } = [];

        [Parameter]
        public int BakeSeconds = 10;

        [Parameter]
        public double MaxErrorPercent = 5;

        public Target Compile => _ => _.Executes(() => Ran.Add(nameof(Compile)));

        public Target Deploy => _ => _
            .DependsOn(Compile)
            .Validates(
                () => BakeSeconds < 0 ? $"--bake-seconds {BakeSeconds} must be 0 or more (seconds)" : null,
                () => MaxErrorPercent > 100 ? $"--max-error-percent {MaxErrorPercent} is outside 0..100 (percent)" : null)
            .Executes(() => Ran.Add(nameof(Deploy)));
    }

    [Fact]
    public void Every_failed_check_is_reported_before_any_target_runs()
    {
        var build = new Build();

        Assert.Equal(1, _harness.Run(build, "Deploy", "--bake-seconds", "-5", "--max-error-percent", "500"));

        Assert.Empty(build.Ran);
        Assert.Contains("error: Target 'Deploy': --bake-seconds -5 must be 0 or more (seconds)", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("error: Target 'Deploy': --max-error-percent 500 is outside 0..100 (percent)", _harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_run_the_target()
    {
        var build = new Build();

        Assert.Equal(0, _harness.Run(build, "Deploy", "--bake-seconds", "0"));

        Assert.Equal(["Compile", "Deploy"], build.Ran);
    }
}
