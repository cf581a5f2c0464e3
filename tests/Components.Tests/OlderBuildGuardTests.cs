using Pipeline.Components.Tests.Versioning;
using Pipeline.Deploy;
using Pipeline.Engine.Tools;

namespace Pipeline.Components.Tests;

/// <summary>An out-of-order run (an older commit finishing late) is refused in one line; newer, equal and unrelated commits deploy.</summary>
public sealed class OlderBuildGuardTests : IDisposable
{
    private readonly TemporaryRepository _repository = new();
    private readonly StringWriter _output = new() { NewLine = "\n" };

    public void Dispose() => _repository.Dispose();

    private Task CheckAsync(string deploying, string active) =>
        new OlderBuildGuard(new ToolRunner(_output, _repository.Path), _output)
            .CheckAsync("dev", "1.0.0-alpha.0.1", deploying, new Release("1.0.0-alpha.0.2", "app@sha256:b", active), CancellationToken.None);

    [Fact]
    public async Task An_ancestor_of_the_running_commit_is_refused_naming_both_and_Rollback()
    {
        var older = _repository.Commit("first");
        var running = _repository.Commit("second");

        var refused = await Assert.ThrowsAsync<DeploySettingsException>(() => CheckAsync(older, running));

        Assert.Equal(
            $"refused: 1.0.0-alpha.0.1 (commit {older[..12]}) is older than what 'dev' runs, 1.0.0-alpha.0.2 (commit {running[..12]}); "
            + "a deploy never moves an environment back: ./build.sh Rollback --environment dev does",
            refused.Message);
    }

    [Fact]
    public async Task A_newer_commit_the_same_commit_and_one_on_another_branch_deploy()
    {
        var first = _repository.Commit("first");
        var newer = _repository.Commit("second");
        _repository.Git("checkout", "--quiet", "-b", "hotfix", first);
        var other = _repository.Commit("hotfix");

        await CheckAsync(newer, first);
        await CheckAsync(newer, newer[..12]);
        await CheckAsync(other, newer);

        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public async Task A_commit_git_does_not_have_is_deployed_with_a_warning_about_shallow_clones()
    {
        var running = _repository.Commit("first");

        await CheckAsync(new string('a', 40), running);

        Assert.Contains("fetch every commit (actions/checkout with fetch-depth: 0)", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_platform_that_cannot_say_what_runs_is_not_checked_and_the_warning_says_why()
    {
        var guard = new OlderBuildGuard(new ToolRunner(_output, _repository.Path), _output);

        var active = await guard.ActiveReleaseAsync(new UnreachableEnvironment(), CancellationToken.None);

        Assert.Null(active);
        Assert.Equal(
            "warning: cannot tell what 'rehearsal' runs, so whether this build is older is not checked: the local ECS is not running: start it with ./build.sh LocalEcsUp\n",
            _output.ToString());
    }

    /// <summary>An environment whose platform does not answer yet (a rehearsal's local ECS before its first deploy starts it).</summary>
    private sealed class UnreachableEnvironment : Pipeline.Deploy.Environments.IPlatformEnvironment
    {
        public string Name => "rehearsal";

        public string Platform => "ecs";

        public Uri? PublicUrl => null;

        public Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken) =>
            throw new DeployException("the local ECS is not running: start it with ./build.sh LocalEcsUp");

        public Task<DeploymentRecord> DeployAsync(Pipeline.Deploy.Environments.DeploySpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DeploymentRecord> RollbackAsync(Pipeline.Deploy.Environments.DeploySpec template, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
