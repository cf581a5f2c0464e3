using System.Globalization;
using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>
/// How fast Pipeline acts once ECS waits at a hook (goal: within 2 s), and how many ECS API calls a deploy makes per
/// minute, with the production defaults (poll every 1 s, backing off to 2 s). ECS's hook start is its expiry minus the
/// hook timeout (the local ECS sets expiresAt = start + timeout).
/// </summary>
[Collection(EcsLocalCollection.Name)]
public sealed class HookReactionBenchmark(EcsLocalFixture ecs, ITestOutputHelper output)
{
    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Pipeline_acts_within_two_seconds_of_a_hook_and_polls_gently()
    {
        var scenario = new Scenario(ecs, output, "bench");
        await scenario.StartAsync();
        var settings = scenario.Settings("v2") with { PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(2) };
        var gateTimeout = TimeSpan.FromSeconds(settings.GateTimeout.TotalMinutes * EcsLocalFixture.SecondsPerMinute);
        var reactions = new List<TimeSpan>();
        using var client = ecs.Client();
        var smoke = new SmokeTests().Check("reaction", async (context, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var deployments = await client.ListServiceDeploymentsAsync(
                new Aws.Ecs.ListServiceDeploymentsRequest { Cluster = scenario.Cluster, Service = scenario.Service, Status = ["IN_PROGRESS"] }, ct);
            var described = await client.DescribeServiceDeploymentsAsync(
                new Aws.Ecs.DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [deployments.ServiceDeployments[0].ServiceDeploymentArn!] }, ct);
            var waiting = described.ServiceDeployments[0].LifecycleHookDetails.Single(h => h.Status == "AWAITING_ACTION");
            reactions.Add(now - (waiting.ExpiresAt!.Value - gateTimeout));
        });
        await using var environment = scenario.Open(settings);
        ecs.RequestsSinceLastCheck();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var record = await environment.DeployAsync(scenario.Spec("2.0.0", smoke: smoke, bake: TimeSpan.FromMinutes(2)), CancellationToken.None);
        var minutes = clock.Elapsed.TotalMinutes;
        var requests = ecs.RequestsSinceLastCheck();
        var cloudWatch = requests.Count(r => r is "PutMetricAlarm" or "DescribeAlarms"); // the bake alarms: CloudWatch's, not ECS's calls
        var calls = requests.Count - cloudWatch - 2 * 2; // minus the benchmark's own List/Describe at each gate

        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal(2, reactions.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hook reaction: {string.Join(", ", reactions.Select(r => $"{r.TotalMilliseconds:0} ms"))}; {calls} ECS calls in {minutes * 60:0.0} s = {calls / minutes:0} per minute, and {cloudWatch} CloudWatch calls"));
        Assert.All(reactions, r => Assert.True(r < TimeSpan.FromSeconds(2.5), $"acted {r.TotalMilliseconds:0} ms after the hook started waiting"));
        Assert.True(calls / minutes < 120, $"{calls / minutes:0} ECS calls per minute");
        await scenario.DeleteAsync();
    }
}
