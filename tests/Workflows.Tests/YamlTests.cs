using Pipeline.Workflows.Model;
using Pipeline.Workflows.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Workflows.Tests;

public sealed class YamlTests
{
    [Theory]
    [InlineData("main", "main")]
    [InlineData("${{ github.ref }}", "${{ github.ref }}")]
    [InlineData("github.ref == 'refs/heads/main'", "github.ref == 'refs/heads/main'")]
    [InlineData("${{ format('a: {0}', github.sha) }}", "'${{ format(''a: {0}'', github.sha) }}'")]
    [InlineData("!cancelled()", "'!cancelled()'")]
    [InlineData("*/15 * * * *", "'*/15 * * * *'")]
    [InlineData("true", "'true'")]
    [InlineData("on", "'on'")]
    [InlineData("No", "'No'")]
    [InlineData("1.10", "'1.10'")]
    [InlineData("0x1F", "'0x1F'")]
    [InlineData("2026-01-01", "'2026-01-01'")]
    [InlineData("", "''")]
    [InlineData(" padded", "' padded'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("key:", "'key:'")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("ubuntu-24.04", "ubuntu-24.04")]
    public void Scalars_are_quoted_only_where_yaml_needs_it(string value, string expected) =>
        Assert.Equal(expected, YamlScalars.FormatText(value));

    [Theory]
    [InlineData("main")]
    [InlineData("${{ format('a: {0}', github.sha) }}")]
    [InlineData("it's #1: \"quoted\"")]
    [InlineData("true")]
    [InlineData("*/15 * * * *")]
    [InlineData("- not a list")]
    [InlineData("[not, a, list]")]
    [InlineData("tab\there")]
    public void Every_scalar_reads_back_as_the_same_string(string value)
    {
        var workflow = new Workflow(value)
        {
            Jobs = [new Job("a") { Steps = [Step.Script(value, "echo")] }],
            Env = new Dictionary<string, string> { ["V"] = value },
        };

        var root = Parse(WorkflowYamlWriter.Write(workflow, []));

        Assert.Equal(value, ((YamlScalarNode)root.Children[new YamlScalarNode("name")]).Value);
        Assert.Equal(value, ((YamlScalarNode)((YamlMappingNode)root.Children[new YamlScalarNode("env")]).Children[new YamlScalarNode("V")]).Value);
    }

    [Fact]
    public void Multi_line_scripts_are_literal_blocks_that_read_back()
    {
        const string script = "set -e\nif [ -n \"$A\" ]; then\n  echo \"a: $A\" # comment\nfi\n\necho done";
        var yaml = WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [new Job("a") { Steps = [Step.Script("s", script)] }] }, []);

        Assert.Contains("        run: |\n          set -e\n          if [ -n", yaml, StringComparison.Ordinal);
        var step = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Parse(yaml).Children[new YamlScalarNode("jobs")])
            .Children[new YamlScalarNode("a")]).Children[new YamlScalarNode("steps")]).Children[0];
        Assert.Equal(script + "\n", ((YamlScalarNode)step.Children[new YamlScalarNode("run")]).Value);
    }

    [Fact]
    public void Output_has_lf_endings_a_trailing_newline_and_the_header_first()
    {
        var yaml = WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [new Job("a") { Steps = [Step.Script("s", "echo")] }] }, ["line one", "line two"]);

        Assert.StartsWith("# line one\n# line two\nname: w\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', yaml);
        Assert.EndsWith("run: echo\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_keys_follow_the_conventional_order()
    {
        var job = new Job("a")
        {
            Steps = [Step.Script("s", "echo")],
            Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>> { ["os"] = ["x"] }),
            Env = new Dictionary<string, string> { ["A"] = "1" },
            Outputs = new Dictionary<string, string> { ["o"] = "v" },
            TimeoutMinutes = 5,
            Permissions = Permissions.ContentsRead,
            Concurrency = new Concurrency("g"),
            Environment = new JobEnvironment("e"),
            If = "always()",
            Needs = ["b"],
            Name = "A",
        };
        var yaml = WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [job, new Job("b") { Steps = [Step.Script("s", "echo")] }] }, []);

        string[] order = ["name: A", "runs-on:", "needs:", "if:", "environment:", "concurrency:", "permissions:", "timeout-minutes:", "outputs:", "env:", "strategy:", "steps:"];
        var positions = order.Select(key => yaml.IndexOf("    " + key, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Maps_are_written_sorted_whatever_their_insertion_order()
    {
        static string Write(IEnumerable<KeyValuePair<string, string>> env) =>
            WorkflowYamlWriter.Write(new Workflow("w") { Env = new Dictionary<string, string>(env), Jobs = [new Job("a") { Steps = [Step.Script("s", "echo")] }] }, []);
        KeyValuePair<string, string>[] entries = [new("B", "2"), new("A", "1"), new("C", "3")];

        Assert.Equal(Write(entries), Write(entries.Reverse()));
        Assert.Contains("env:\n  A: 1\n  B: 2\n  C: 3\n", Write(entries), StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_calling_a_reusable_workflow_has_uses_with_and_secrets_but_no_runner_or_steps()
    {
        var job = new Job("shared")
        {
            Uses = new WorkflowCall("./.github/workflows/test.yml")
            {
                With = new Dictionary<string, string> { ["configuration"] = "Release", ["retries"] = "3" },
                Secrets = new Dictionary<string, string> { ["TOKEN"] = "${{ secrets.TOKEN }}" },
            },
            Shell = "bash",
        };

        var node = (YamlMappingNode)((YamlMappingNode)Parse(WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [job] }, [])).Children[new YamlScalarNode("jobs")])
            .Children[new YamlScalarNode("shared")];

        Assert.Equal(["uses", "with", "secrets"], node.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("3", ((YamlScalarNode)((YamlMappingNode)node.Children[new YamlScalarNode("with")]).Children[new YamlScalarNode("retries")]).Value);
        Assert.Contains("    secrets:\n      TOKEN: ${{ secrets.TOKEN }}\n", WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [job] }, []), StringComparison.Ordinal);
        Assert.Contains("    secrets: inherit\n", WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [job with { Uses = job.Uses with { InheritSecrets = true } }] }, []), StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_include_and_exclude_are_lists_of_sorted_maps_after_the_dimensions()
    {
        var job = new Job("a")
        {
            Steps = [Step.Script("s", "echo")],
            Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>> { ["os"] = ["ubuntu-latest", "windows-latest"] })
            {
                Include = [new Dictionary<string, string> { ["os"] = "macos-latest", ["experimental"] = "true" }],
                Exclude = [new Dictionary<string, string> { ["os"] = "windows-latest" }],
            },
        };

        var yaml = WorkflowYamlWriter.Write(new Workflow("w") { Jobs = [job] }, []);

        Assert.Contains(
            "      matrix:\n        os: [ubuntu-latest, windows-latest]\n        include:\n          - experimental: true\n            os: macos-latest\n        exclude:\n          - os: windows-latest\n",
            yaml, StringComparison.Ordinal);
        Parse(yaml);
    }

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
