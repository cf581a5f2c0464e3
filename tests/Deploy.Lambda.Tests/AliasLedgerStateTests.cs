using Pipeline.Deploy.Lambda.Ledger;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>The lock and history written in an alias's description: read back as written, within Lambda's 256 characters.</summary>
public sealed class AliasLedgerStateTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-04T21:50:01.123Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_lock_and_history_read_back_as_written()
    {
        var state = new AliasLedgerState(
            new AliasLock("deploy 2.0.0", 4242, "ci-runner-7", Start.AddSeconds(5).AddTicks(-Start.AddSeconds(5).Ticks % TimeSpan.TicksPerSecond), "9f3c2e"),
            [
                new LedgerEntry(Start, DeploymentKind.Deploy, "6", DeploymentOutcome.Successful),
                new LedgerEntry(Start.AddMinutes(1), DeploymentKind.Deploy, "7", DeploymentOutcome.RolledBack),
                new LedgerEntry(Start.AddMinutes(2), DeploymentKind.Rollback, "6", DeploymentOutcome.Successful),
                new LedgerEntry(Start.AddMinutes(3), DeploymentKind.Deploy, null, DeploymentOutcome.Failed),
                new LedgerEntry(Start.AddMinutes(4), DeploymentKind.Deploy, "8", DeploymentOutcome.InProgress),
            ]);

        var text = state.Format();
        var read = AliasLedgerState.Parse(text);

        Assert.StartsWith("pipeline/1 lock=deploy_2.0.0|4242|ci-runner-7|", text, StringComparison.Ordinal);
        Assert.Equal(state.Lock! with { Purpose = "deploy_2.0.0" }, read.Lock);
        Assert.Equal(state.Entries, read.Entries);
    }

    [Fact]
    public void The_oldest_finished_entries_make_room_and_one_in_progress_is_kept()
    {
        var entries = Enumerable.Range(1, 40)
            .Select(i => new LedgerEntry(Start.AddMinutes(i), DeploymentKind.Deploy, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), DeploymentOutcome.Successful))
            .Prepend(new LedgerEntry(Start, DeploymentKind.Deploy, "999", DeploymentOutcome.InProgress))
            .ToList();
        var state = new AliasLedgerState(new AliasLock("deploy 9.9.9", 1, "a-long-ci-runner-host-name", Start, "abcdef"), entries);

        var text = state.Format();
        var read = AliasLedgerState.Parse(text);

        Assert.True(text.Length <= 256, $"{text.Length} characters");
        Assert.Contains(read.Entries, e => e.Version == "999" && e.Outcome == DeploymentOutcome.InProgress);
        Assert.Equal("1040", read.Entries[^1].Version);
        Assert.DoesNotContain(read.Entries, e => e.Version == "1001");
    }

    [Fact]
    public void With_replaces_the_entry_that_started_at_the_same_time()
    {
        var state = AliasLedgerState.Empty
            .With(new LedgerEntry(Start, DeploymentKind.Deploy, null, DeploymentOutcome.InProgress))
            .With(new LedgerEntry(Start, DeploymentKind.Deploy, "3", DeploymentOutcome.Interrupted));

        var entry = Assert.Single(state.Entries);
        Assert.Equal(("3", DeploymentOutcome.Interrupted), (entry.Version, entry.Outcome));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("production alias, managed by terraform")]
    [InlineData("pipeline/1 history=garbage,7Q@zz,@12")]
    public void A_description_pipeline_did_not_write_reads_as_empty(string? description)
    {
        var state = AliasLedgerState.Parse(description);

        Assert.Null(state.Lock);
        Assert.Empty(state.Entries);
    }

    [Fact]
    public void A_stale_lock_is_one_whose_lease_ran_out_or_whose_process_on_this_machine_is_gone()
    {
        var now = DateTimeOffset.UtcNow;
        var alive = new AliasLock("deploy", Environment.ProcessId, Environment.MachineName, now, "a");
        var elsewhere = new AliasLock("deploy", 1, "another-runner", now.AddSeconds(-5), "b");

        Assert.False(alive.IsStale(TimeSpan.FromSeconds(60), now));
        Assert.True(alive.IsStale(TimeSpan.FromSeconds(60), now.AddMinutes(2)));
        Assert.False(elsewhere.IsStale(TimeSpan.FromSeconds(60), now));
        Assert.True((alive with { ProcessId = int.MaxValue }).IsStale(TimeSpan.FromSeconds(60), now));
    }
}
