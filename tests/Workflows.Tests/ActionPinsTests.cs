using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Tests;

public sealed class ActionPinsTests
{
    [Fact]
    public void Every_uses_is_a_full_sha_with_its_tag_as_a_comment()
    {
        var pins = ActionPins.Default.All.ToDictionary(p => p.Action);
        var files = new WorkflowFiles(SampleGraph.Create(), SamplePipelines.All().Select(p => p.Definition)).Generate().Files;
        var uses = files.Values.SelectMany(f => f.Split('\n')).Where(l => l.TrimStart().StartsWith("uses:", StringComparison.Ordinal) && !l.Contains("uses: ./", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(uses);
        foreach (var line in uses)
        {
            var match = Regex.Match(line, @"uses: (?<action>[^@]+)@(?<sha>[0-9a-f]{40}) # (?<tag>v\S+)$");
            Assert.True(match.Success, line);
            var pin = pins[match.Groups["action"].Value];
            Assert.Equal((pin.Commit, pin.Tag), (match.Groups["sha"].Value, match.Groups["tag"].Value));
        }
    }

    [Fact]
    public void A_pin_can_be_overridden()
    {
        var pins = ActionPins.Default with { Checkout = new ActionPin("actions/checkout", new string('a', 40), "v9.9.9") };
        var files = new WorkflowFiles(SampleGraph.Create(), [ReferencePipelines.PullRequest()], new() { Pins = pins }).Generate().Files;

        Assert.Contains($"uses: actions/checkout@{new string('a', 40)} # v9.9.9", files.Values.Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// action-pins.json is the reviewed list of each action's release (tag, commit, dates); the constants must agree
    /// with it. Updating a pin means updating both.
    /// </summary>
    [Fact]
    public void Pins_match_the_reviewed_reference_list()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "action-pins.json")));
        var expected = document.RootElement.EnumerateObject()
            .Select(p => new ActionPin(p.Name, p.Value.GetProperty("commit").GetString()!, p.Value.GetProperty("tag").GetString()!))
            .OrderBy(p => p.Action, StringComparer.Ordinal);
        Assert.Equal(expected, ActionPins.Default.All.OrderBy(p => p.Action, StringComparer.Ordinal));
    }
}
