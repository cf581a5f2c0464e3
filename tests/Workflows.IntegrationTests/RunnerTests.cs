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

    [Fact]
    public async Task A_concurrency_group_runs_one_job_keeps_one_pending_and_a_newer_job_cancels_the_pending_one()
    {
        var groups = new ConcurrencyGroups();
        using var running = groups.Queue("deploy-production", "run 1");
        await running.RunWhenFreeAsync(CancellationToken.None);
        using var pending = groups.Queue("Deploy-Production", "run 2"); // names are case-insensitive
        var pendingRuns = pending.RunWhenFreeAsync(CancellationToken.None);

        using var newer = groups.Queue("deploy-production", "run 3");
        var newerRuns = newer.RunWhenFreeAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pendingRuns);
        Assert.True(pending.Superseded.IsCancellationRequested);
        Assert.False(newerRuns.IsCompleted); // cancel-in-progress false: the running job is spared
        running.Dispose();
        await newerRuns.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(newer.Superseded.IsCancellationRequested);
    }
}
