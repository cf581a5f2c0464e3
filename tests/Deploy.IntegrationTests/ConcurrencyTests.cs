using Pipeline.Deploy.Ledger;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>Two deploys to one environment: the lock makes the second wait, or refuse clearly naming the holder.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ConcurrencyTests(SamplePublish sample, ITestOutputHelper output)
{
    [Fact]
    public async Task A_second_deploy_waits_for_the_lock_and_an_impatient_one_refuses_naming_the_holder()
    {
        await using var env = TestEnvironment.Create(sample, output);
        var slow = env.Request("1.0.0") with { Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(3) } };
        var first = env.Engine.DeployAsync(slow, CancellationToken.None);
        await Eventually.WaitForAsync(() => Task.FromResult(File.Exists(Path.Combine(env.Folder.Directory, "deploy.lock.json"))), TimeSpan.FromSeconds(10));

        // A separate engine and platform, as a second ./build.sh Deploy would have.
        var other = new DeployEngine(new Process.ProcessPlatform(env.Folder, env.Options, env.Logger), new LocalFileLedger(env.Folder, env.Logger), env.Logger);
        var waiting = other.DeployAsync(env.Request("1.1.0") with { LockTimeout = TimeSpan.FromSeconds(90) }, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<EnvironmentLockedException>(() =>
            other.DeployAsync(env.Request("1.2.0") with { LockTimeout = TimeSpan.FromMilliseconds(300) }, CancellationToken.None));
        output.WriteLine(refused.Message);
        Assert.StartsWith($"environment 'test' is locked by 'deploy 1.", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("wait for that deploy to finish", refused.Message, StringComparison.Ordinal);

        var records = await Task.WhenAll(first, waiting);
        Assert.All(records, r => Assert.True(r.Succeeded, DeploymentReport.ToText(r)));
        Assert.True(records[1].StartedAt >= records[0].FinishedAt, "the second deploy should start after the first finished");
        Assert.Equal("1.1.0", await env.VersionAsync());
        Assert.Single(env.LivePids());
    }
}
