using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>A blue/green under load: hey at ≥ 300 requests/s on the production listener, not one request fails.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class LoadTests(LocalEcsFixture ecs, ITestOutputHelper log)
{
    [FactRequiring(Requirement.Docker)]
    public async Task No_production_request_fails_across_a_blue_green()
    {
        Assert.True(HeyReport.UnavailableReason is null, HeyReport.UnavailableReason);
        var scenario = new Scenario(ecs, "load");
        await scenario.StartAsync("v1", "v2");

        // 25 workers x 16 requests/s = 400 requests/s, 4800 requests: about 12 s, bounded
        var hey = Process.Start(new ProcessStartInfo("hey", ["-n", "4800", "-c", "25", "-q", "16", scenario.ProductionUrl.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = hey.StandardOutput.ReadToEndAsync();
        // The deploy starts once hey's 25 workers hold their connections to the production listener.
        await Eventually.WaitForAsync(() => EstablishedConnectionsTo(scenario.Ports.Production) >= 25, TimeSpan.FromSeconds(30), "hey's 25 connections");
        var deployment = await scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 });
        var done = await ecs.WaitDeploymentAsync(deployment, Scenario.IsFinished, TimeSpan.FromSeconds(60), "finished");
        await hey.WaitForExitAsync();
        var report = HeyReport.Parse(await output);

        Assert.Equal("SUCCESSFUL", Scenario.Status(done));
        Assert.True(hey.HasExited && hey.ExitCode == 0, report.Text);
        var ok = report.Count(200);
        Assert.True(ok == 4800, $"expected 4800 answers 200, got {ok}:\n{report.Text}");
        Assert.False(report.HasErrors, report.Text);
        var rate = report.RequestsPerSecond;
        log.WriteLine($"hey: {ok} x 200 of 4800 at {rate:0} requests/s across a BLUE_GREEN deployment ({Scenario.Status(done)})");
        Assert.True(rate >= 300, $"hey reached only {rate:0} requests/s:\n{report.Text}");
        Assert.Equal("v2", await Scenario.GetAsync(scenario.ProductionUrl));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    /// <summary>Client ends of established IPv4 TCP connections to <paramref name="port"/> on this machine (/proc/net/tcp).</summary>
    private static int EstablishedConnectionsTo(int port)
    {
        var remote = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => fields.Length > 3 && fields[2].EndsWith(remote, StringComparison.Ordinal) && fields[3] == "01");
    }
}
