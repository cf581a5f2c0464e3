using Pipeline.Deploy.Lambda.Ledger;
using Pipeline.Deploy.Lambda.Tests.Support;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>
/// Rollback on Lambda is an alias move: on demand back to the version of the previous successful deployment (read
/// from the alias's history and the versions' descriptions), and a split a dead deploy left is put back on the primary.
/// </summary>
public sealed class LambdaRollbackTests : IAsyncLifetime
{
    private readonly LambdaStage stage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await stage.DisposeAsync();

    [Fact]
    public async Task Rollback_moves_the_alias_back_to_the_previous_successful_version_without_publishing_anything()
    {
        var settings = stage.Settings(s => s with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole } });
        await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);
        await stage.DeployAsync(LambdaStage.Spec("1.1.0", '2'), settings);
        var published = stage.Fake.Calls.Count(c => c == "PublishVersion");

        await using var environment = stage.Open(settings);
        var record = await environment.RollbackAsync(LambdaStage.Spec("rollback", '0'), CancellationToken.None);

        Assert.Equal((DeploymentKind.Rollback, DeploymentOutcome.Successful), (record.Kind, record.Outcome));
        Assert.Equal("1.0.0", record.Release.Version);
        Assert.Equal(["1", "2", "1"], stage.Fake.Routes);
        Assert.Equal(published, stage.Fake.Calls.Count(c => c == "PublishVersion"));
        var history = AliasLedgerState.Parse(stage.Fake.Alias!.Description).Entries;
        Assert.Equal(["1S", "2S", "1Sr"], history.Select(e => $"{e.Version}{e.Outcome.ToString()[0]}{(e.Kind == DeploymentKind.Rollback ? "r" : "")}"));
        Assert.Empty(stage.ModelProblems());
    }

    [Fact]
    public async Task Rollback_with_one_successful_version_says_there_is_nothing_to_roll_back_to()
    {
        var settings = stage.Settings(s => s with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole } });
        await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);

        await using var environment = stage.Open(settings);
        var error = await Assert.ThrowsAsync<DeployException>(() => environment.RollbackAsync(LambdaStage.Spec("rollback", '0'), CancellationToken.None));

        Assert.Equal("nothing to roll back to in environment 'staging': 1.0.0 is the only version deployed successfully", error.Message);
    }

    [Fact]
    public async Task Rollback_puts_a_split_left_by_a_dead_deploy_back_on_the_primary_version()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 3);
        stage.Fake.Alias!.FunctionVersion = "2";
        stage.Fake.Alias.Additional = ("3", 0.3);

        await using var environment = stage.Open();
        var record = await environment.RollbackAsync(LambdaStage.Spec("rollback", '0'), CancellationToken.None);

        Assert.Equal((DeploymentKind.Deploy, DeploymentOutcome.Successful), (record.Kind, record.Outcome));
        Assert.Equal("1.2.0", record.Release.Version);
        Assert.Equal("2", stage.Fake.Alias.FunctionVersion);
        Assert.Null(stage.Fake.Alias.Additional);
        Assert.DoesNotContain("PublishVersion", stage.Fake.Calls);
    }

    [Fact]
    public async Task A_deploy_first_clears_the_split_a_stopped_deploy_left_and_says_so()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 3);
        stage.Fake.Alias!.FunctionVersion = "2";
        stage.Fake.Alias.Additional = ("3", 0.3);

        var record = await stage.DeployAsync(LambdaStage.Spec("1.4.0", '4'));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal("1.2.0", record.PreviousVersion);
        Assert.Contains(record.Stages, s => s.Message == "cleared the 30 % of production a stopped deploy left on version 3: all of it back on version 2");
        Assert.Equal(["2", "4"], stage.Fake.Routes);
    }

    [Fact]
    public async Task A_deploy_whose_alias_was_changed_by_someone_else_meanwhile_rolls_back_after_reading_it_again()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 2);
        stage.Fake.Metrics = _ =>
        {
            // another tool writes the alias during the bake: the next write carries a stale RevisionId
            stage.Fake.Alias!.RevisionId = Guid.NewGuid().ToString();
            return new FakeMetrics(100, 50, 10);
        };

        var record = await stage.DeployAsync(LambdaStage.Spec("1.3.0", '3', s => s with { Bake = s.Bake with { Duration = TimeSpan.FromMilliseconds(50) } }));

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.ErrorRate, record.RollbackReason!.Trigger);
        Assert.Equal("2", stage.Fake.Alias!.FunctionVersion);
        Assert.Contains(stage.Fake.Exchanges, e => e["status"]!.GetValue<int>() == 412);
    }
}
