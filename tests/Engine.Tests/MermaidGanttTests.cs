using Pipeline.Engine.Output;

namespace Pipeline.Engine.Tests;

public sealed class MermaidGanttTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stages_become_bars_from_their_start_for_their_duration_with_failures_critical()
    {
        var chart = MermaidGantt.From(
            [
                ("SCALE_UP", Start, TimeSpan.FromSeconds(2.5), false),
                ("BAKE_TIME", Start.AddSeconds(2.5), TimeSpan.FromSeconds(10), true),
            ],
            "Deploy to staging");

        var ms = Start.ToUnixTimeMilliseconds();
        Assert.Equal(
            [
                "```mermaid",
                "gantt",
                "  title Deploy to staging",
                "  dateFormat x",
                "  axisFormat %H:%M:%S",
                "  section Stages",
                $"  SCALE_UP (2.5 s) :done, s0, {ms}, {ms + 2500}",
                $"  BAKE_TIME (10.0 s) :crit, s1, {ms + 2500}, {ms + 12500}",
                "```",
            ],
            chart.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_zero_length_stage_still_gets_a_bar_and_names_cannot_break_the_syntax()
    {
        var chart = MermaidGantt.From([("smoke: GET /health; #1", Start, TimeSpan.Zero, false)]);

        var ms = Start.ToUnixTimeMilliseconds();
        var bar = Assert.Single(chart.Split('\n'), l => l.Contains(":done", StringComparison.Ordinal));
        Assert.Equal($"  smoke∶ GET /health, ♯1 (0.0 s) :done, s0, {ms}, {ms + 1}", bar);
        Assert.DoesNotContain("title", chart, StringComparison.Ordinal);
    }
}
