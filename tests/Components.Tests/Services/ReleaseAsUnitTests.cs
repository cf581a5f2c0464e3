using Pipeline.Components.Services;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;

namespace Pipeline.Components.Tests.Services;

/// <summary>A release goes live service by service, in order; when a later service fails, the earlier ones go back.</summary>
public sealed class ReleaseAsUnitTests
{
    private readonly List<string> _calls = [];
    private readonly StringWriter _output = new() { NewLine = "\n" };

    [Fact]
    public async Task Every_service_deploys_in_order_when_each_goes_live()
    {
        var live = await Release().DeployAsync("dev", [Deployment("worker", DeploymentOutcome.Successful), Deployment("orchestrator", DeploymentOutcome.Successful)], CancellationToken.None);

        Assert.Equal(["deploy worker 2.0.0", "deploy orchestrator 2.0.0"], _calls);
        Assert.Equal(["worker", "orchestrator"], live.Select(l => l.Deployment.Service.Name));
    }

    [Fact]
    public async Task When_the_second_service_rolls_itself_back_the_first_goes_back_too_and_the_error_says_so_in_one_line()
    {
        var error = await Assert.ThrowsAsync<DeployException>(() => Release().DeployAsync(
            "dev",
            [Deployment("db-api", DeploymentOutcome.Successful), Deployment("worker", DeploymentOutcome.Successful), Deployment("orchestrator", DeploymentOutcome.RolledBack), Deployment("never", DeploymentOutcome.Successful)],
            CancellationToken.None));

        Assert.Equal(["deploy db-api 2.0.0", "deploy worker 2.0.0", "deploy orchestrator 2.0.0", "rollback worker", "rollback db-api"], _calls);
        Assert.Equal(
            "Release to 'dev' stopped at service 'orchestrator': orchestrator rolled back: SmokeTestFailed: GET /health answered 500; rolled back as a unit: worker back to 1.0.0, db-api back to 1.0.0",
            error.Message);
    }

    [Fact]
    public async Task A_first_service_that_fails_before_moving_leaves_nothing_to_roll_back()
    {
        var error = await Assert.ThrowsAsync<DeployException>(() => Release().DeployAsync(
            "dev", [Deployment("worker", null), Deployment("orchestrator", DeploymentOutcome.Successful)], CancellationToken.None));

        Assert.Equal(["deploy worker 2.0.0"], _calls);
        Assert.Equal("Release to 'dev' stopped at service 'worker': worker failed before any of its traffic moved: migrations failed: 'alembic upgrade head' exited with code 1: relation \"jobs\" exists; no other service had moved", error.Message);
    }

    [Fact]
    public async Task A_service_that_cannot_go_back_is_named_as_not_rolled_back()
    {
        var error = await Assert.ThrowsAsync<DeployException>(() => Release().DeployAsync(
            "dev", [Deployment("worker", DeploymentOutcome.Successful, canRollBack: false), Deployment("orchestrator", DeploymentOutcome.RolledBack)], CancellationToken.None));

        Assert.EndsWith("rolled back as a unit: worker NOT rolled back (nothing to roll back to in environment 'dev-worker')", error.Message, StringComparison.Ordinal);
    }

    private ReleaseAsUnit Release() => new(_output, _ => { });

    /// <summary>A service whose deploy ends with <paramref name="outcome"/> (null: refused before anything moved).</summary>
    private ServiceDeployment Deployment(string name, DeploymentOutcome? outcome, bool canRollBack = true) =>
        new(new ServiceDeclaration(name), new FakeEnvironment($"dev-{name}", name, outcome, canRollBack, _calls), new DeploySpec { Version = "2.0.0" });

    private sealed class FakeEnvironment(string name, string service, DeploymentOutcome? outcome, bool canRollBack, List<string> calls) : IPlatformEnvironment
    {
        public string Name => name;

        public string Platform => "fake";

        public Uri? PublicUrl => null;

        public Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken)
        {
            calls.Add($"deploy {service} {spec.Version}");
            return outcome is { } ended
                ? Task.FromResult(Record(spec.Version, ended, ended == DeploymentOutcome.RolledBack ? new RollbackReason(RollbackTrigger.SmokeTestFailed, "GET /health answered 500") : null))
                : throw new DeployException("migrations failed: 'alembic upgrade head' exited with code 1: relation \"jobs\" exists");
        }

        public Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken)
        {
            calls.Add($"rollback {service}");
            return canRollBack
                ? Task.FromResult(Record("1.0.0", DeploymentOutcome.Successful, null) with { Kind = DeploymentKind.Rollback })
                : throw new DeployException($"nothing to roll back to in environment '{name}'");
        }

        public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => Task.FromResult("");

        public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private DeploymentRecord Record(string version, DeploymentOutcome ended, RollbackReason? reason) => new()
        {
            Id = $"{service}-{version}",
            Environment = name,
            Platform = Platform,
            Release = new Release(version, "image"),
            Initiator = "test",
            Outcome = ended,
            RollbackReason = reason,
        };
    }
}
