using System.Text.Json;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class HelpPlanSchemaTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    public enum Mode
    {
        Fast,
        Thorough,
    }

    private sealed class Build : PipelineBuild
    {
        public bool Ran { get; private set; }

        [Parameter("How hard to try")]
        public Mode Mode = Mode.Fast;

        [Parameter("Registry password"), Secret]
        public string? Password;

        public Target Restore => _ => _.Description("Restore packages").Executes(() => Ran = true);
        public Target Compile => _ => _.Description("Compile").DependsOn(Restore).Executes(() => Ran = true);
        public Target Hidden => _ => _.Unlisted().Executes(() => Ran = true);
        public Target Test => _ => _.DependsOn(Compile).OnlyWhenStatic(() => Mode == Mode.Thorough).Executes(() => Ran = true);
    }

    [Fact]
    public void Help_lists_targets_with_dependencies_and_parameters_without_running_anything()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, [x => x.Compile], default, "--help"));

        Assert.False(build.Ran);
        Assert.Contains(_harness.Lines, l => l.StartsWith("  Compile (default)", StringComparison.Ordinal) && l.EndsWith("Compile  → Restore", StringComparison.Ordinal));
        Assert.DoesNotContain("Hidden", _harness.Output, StringComparison.Ordinal);
        Assert.Contains(_harness.Lines, l => l.Contains("--mode <fast|thorough>", StringComparison.Ordinal) && l.Contains("How hard to try (env PIPELINE_MODE, default fast)", StringComparison.Ordinal));
        Assert.Contains(_harness.Lines, l => l.Contains("--password <text>", StringComparison.Ordinal) && l.Contains("(env PIPELINE_PASSWORD, secret)", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_prints_the_order_with_reasons_and_runs_nothing()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "--plan", "Test", "Hidden", "--skip", "Restore"));

        Assert.False(build.Ran);
        Assert.Equal(
            [
                "Plan for Test Hidden (4 targets, nothing runs):",
                "   -. Restore  skipped: --skip",
                "   1. Compile  dependency of Test",
                "   -. Test     skipped: condition false: Mode == Mode.Thorough",
                "   2. Hidden   invoked",
            ],
            _harness.Lines);
    }

    [Fact]
    public void Plan_mermaid_draws_the_planned_targets_with_order_edges_and_skips()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "--plan", "mermaid", "Test", "Hidden", "--skip", "Restore"));

        Assert.False(build.Ran);
        Assert.Equal(
            [
                "```mermaid",
                "flowchart LR",
                "  t_Restore[\"Restore<br/><small>skipped: --skip</small>\"]",
                "  t_Compile[\"1. Compile\"]",
                "  t_Test[\"Test<br/><small>skipped: condition false: Mode == Mode.Thorough</small>\"]",
                "  t_Hidden[\"2. Hidden\"]",
                "  t_Restore --> t_Compile",
                "  t_Compile --> t_Test",
                "  classDef invoked stroke-width:3px",
                "  class t_Hidden invoked",
                "  classDef skipped stroke-dasharray:5 5,color:#888",
                "  class t_Restore,t_Test skipped",
                "```",
            ],
            _harness.Lines);
    }

    [Fact]
    public void Plan_mermaid_may_come_after_the_targets_and_draws_triggers_dotted()
    {
        Assert.Equal(0, _harness.Run(new Triggering(), "Pack", "--plan", "MERMAID"));

        Assert.Contains("  t_Pack -. triggers .-> t_Publish", _harness.Lines);
        Assert.Contains("  t_Compile --> t_Pack", _harness.Lines);
        Assert.DoesNotContain(_harness.Lines, l => l.Contains("mermaid\"", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Triggering : PipelineBuild
    {
        public Target Compile => _ => _.Executes(() => { });
        public Target Pack => _ => _.DependsOn(Compile).Triggers(Publish).Executes(() => { });
        public Target Publish => _ => _.Executes(() => { });
    }

    [Fact]
    public void The_schema_describes_parameters_and_targets_and_is_stable()
    {
        Assert.Equal(0, _harness.Run(new Build(), "Restore"));
        var path = Path.Combine(_harness.Root, ".nuke", "build.schema.json");
        var first = File.ReadAllText(path);
        // An hour back: a rewrite would stamp it with now, whatever the file system's time resolution.
        var written = File.GetLastWriteTimeUtc(path) - TimeSpan.FromHours(1);
        File.SetLastWriteTimeUtc(path, written);

        using var schema = JsonDocument.Parse(first);
        var properties = schema.RootElement.GetProperty("properties");
        Assert.Equal(["Fast", "Thorough"], properties.GetProperty("Mode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", properties.GetProperty("Password").GetProperty("type").GetString());
        Assert.Equal(
            ["Compile", "Hidden", "Restore", "Test"],
            schema.RootElement.GetProperty("definitions").GetProperty("Target").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.EndsWith("}\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);

        _harness.Run(new Build(), "Restore");
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_warm_run_of_the_same_build_does_not_render_the_schema_again_but_another_build_does()
    {
        Assert.Equal(0, _harness.Run(new Build(), "Restore"));
        var path = Path.Combine(_harness.Root, ".nuke", "build.schema.json");
        var generated = File.ReadAllText(path);

        // Same build, same assemblies: the recorded key matches, so the schema is left as it is (even when edited).
        File.WriteAllText(path, "{}\n");
        Assert.Equal(0, _harness.Run(new Build(), "Restore"));
        Assert.Equal("{}\n", File.ReadAllText(path));

        // A deleted schema is written again.
        File.Delete(path);
        Assert.Equal(0, _harness.Run(new Build(), "Restore"));
        Assert.Equal(generated, File.ReadAllText(path));

        // Another build class has another key: its own schema replaces the first.
        Assert.Equal(0, _harness.Run(new Triggering(), "Compile"));
        Assert.DoesNotContain("Thorough", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.NotEqual(BuildSchema.KeyOf(typeof(Build)), BuildSchema.KeyOf(typeof(Triggering)));
    }
}
