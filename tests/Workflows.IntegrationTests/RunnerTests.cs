using Pipeline.Testing.Workflows.Runner;

namespace Pipeline.Workflows.IntegrationTests;

public sealed class RunnerTests
{
    [Fact]
    public void Command_files_are_read_as_github_reads_them()
    {
        var outputs = LocalWorkflowRunner.ReadOutputs("image=r/app@sha256:ab=cd\nnotes<<EOF\nline 1\nline 2\nEOF\nurl=https://x/\n");

        Assert.Equal("r/app@sha256:ab=cd", outputs["image"]);
        Assert.Equal("line 1\nline 2", outputs["notes"]);
        Assert.Equal("https://x/", outputs["url"]);
    }

    [Theory]
    [InlineData("github.ref == 'refs/heads/main'", true, true)]
    [InlineData("github.ref == 'refs/heads/other'", true, false)]
    [InlineData("github.ref == 'refs/heads/main'", false, false)] // success() is implied
    [InlineData("always()", false, true)]
    [InlineData("!cancelled() && needs.image.outputs.image != ''", false, true)]
    [InlineData("${{ inputs.missing || 'fallback' }}", true, true)]
    public void Conditions_follow_githubs_rules(string condition, bool succeeded, bool expected)
    {
        var evaluator = new ExpressionEvaluator(path => path switch
        {
            "github.ref" => "refs/heads/main",
            "needs.image.outputs.image" => "r/app@sha256:1",
            _ => null,
        }, succeeded);

        Assert.Equal(expected, evaluator.Condition(condition));
    }

    [Fact]
    public void What_the_runner_cannot_evaluate_fails_instead_of_running_wrongly() =>
        Assert.Throws<NotSupportedException>(() => new ExpressionEvaluator(_ => null, true).Substitute("${{ hashFiles('**/*.csproj') }}"));
}
