using System.Diagnostics;
using Pipeline.Deploy.Lambda.Ledger;
using Pipeline.Deploy.Lambda.Tests.Support;
using Pipeline.Deploy.Ledger;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>
/// The environment's lock is a lease in the alias's description, written with the RevisionId last read: a live holder
/// keeps others out (they wait, then give up with one line), a dead one is taken over, a concurrent write is re-read.
/// </summary>
public sealed class AliasLockTests : IAsyncLifetime
{
    private readonly LambdaStage stage = new();

    public Task InitializeAsync()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 1);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await stage.DisposeAsync();

    [Fact]
    public async Task A_live_holder_keeps_a_deploy_out_and_the_error_names_it_and_its_lease()
    {
        HeldBy(new AliasLock("deploy_9.9.9", Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow, "f00d42"));

        var error = await Assert.ThrowsAsync<EnvironmentLockedException>(() => stage.DeployAsync(LambdaStage.Spec("1.2.0", '2')));

        Assert.StartsWith(
            $"environment 'staging' is held by 'deploy 9.9.9' (pid {Environment.ProcessId} on {Environment.MachineName}) on alias orders:live (heartbeat ",
            error.Message, StringComparison.Ordinal);
        Assert.EndsWith("wait until it ends, or until its 3 s lease runs out if it died", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("UpdateAlias", stage.Fake.Calls);
    }

    [Fact]
    public async Task A_deploy_waits_for_the_holder_to_release_the_lock()
    {
        HeldBy(new AliasLock("deploy_9.9.9", Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow, "f00d42"));
        var release = Task.Run(async () =>
        {
            await Pipeline.Testing.Eventually.WaitForAsync(() => stage.Fake.Calls.Count(c => c == "GetAlias") >= 2, TimeSpan.FromSeconds(10), "the deploy reading the held lock twice");
            HeldBy(null);
        });

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2'), stage.Settings(s => s with { LockTimeout = TimeSpan.FromSeconds(10) }));
        await release;

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal("2", stage.Fake.Alias!.FunctionVersion);
    }

    [Fact]
    public async Task A_holder_whose_lease_ran_out_is_taken_over_and_its_deploy_recorded_as_interrupted()
    {
        var dead = DateTimeOffset.UtcNow.AddMinutes(-10);
        stage.Fake.Alias!.Description = new AliasLedgerState(
            new AliasLock("deploy_1.5.0", 4242, "ci-runner-7", dead, "0badf0"),
            [new LedgerEntry(dead.AddSeconds(-5), DeploymentKind.Deploy, null, DeploymentOutcome.InProgress)]).Format();

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2'));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        var state = AliasLedgerState.Parse(stage.Fake.Alias.Description);
        Assert.Null(state.Lock);
        Assert.Equal([(null, DeploymentOutcome.Interrupted), ("2", DeploymentOutcome.Successful)], state.Entries.Select(e => (e.Version, e.Outcome)));
    }

    [Fact]
    public async Task A_holder_on_this_machine_whose_process_is_gone_is_taken_over_at_once()
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        HeldBy(new AliasLock("deploy_9.9.9", gone.Id, Environment.MachineName, DateTimeOffset.UtcNow, "f00d42"));

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2'));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
    }

    [Fact]
    public async Task A_lock_write_that_lost_a_race_is_read_again_and_retried()
    {
        var raced = false;
        stage.Fake.BeforeAliasWrite = _ =>
        {
            if (!raced)
            {
                raced = true;
                stage.Fake.Alias!.RevisionId = Guid.NewGuid().ToString();
            }
        };

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2'));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal(["GetAlias", "UpdateAlias", "GetAlias", "UpdateAlias"], stage.Fake.Calls.Take(4));
        Assert.Equal(412, stage.Fake.Exchanges[1]["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_lease_is_renewed_while_the_deploy_runs_and_released_at_the_end()
    {
        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2', s => s with { Bake = s.Bake with { Duration = TimeSpan.FromMilliseconds(1300) } }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        var heartbeats = stage.Fake.Exchanges
            .Where(e => e["operation"]!.GetValue<string>() == "UpdateAlias" && e["request"]!["body"]!["Description"] is not null)
            .Select(e => AliasLedgerState.Parse(e["request"]!["body"]!["Description"]!.GetValue<string>()).Lock?.Heartbeat)
            .OfType<DateTimeOffset>()
            .Distinct()
            .ToList();
        Assert.True(heartbeats.Count >= 2, $"heartbeats written: {string.Join(", ", heartbeats)}");
        Assert.Null(AliasLedgerState.Parse(stage.Fake.Alias!.Description).Lock);
    }

    /// <summary>Another deploy's write of the lock (or its release), as Lambda would keep it: a new description and revision.</summary>
    private void HeldBy(AliasLock? holder)
    {
        stage.Fake.Alias!.Description = (AliasLedgerState.Parse(stage.Fake.Alias.Description) with { Lock = holder }).Format();
        stage.Fake.Alias.RevisionId = Guid.NewGuid().ToString();
    }
}
