using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>Bad input with real parts gives one clear line: port in use, edge unreachable, missing release, invalid settings.</summary>
[Collection(ProcessCollection.Name)]
public sealed class BadInputTests(SamplePublish sample, ITestOutputHelper output)
{
    [Fact]
    public async Task A_public_port_in_use_is_refused_naming_the_port()
    {
        await using var env = TestEnvironment.Create(sample, output);
        using var squatter = new TcpListener(IPAddress.Loopback, env.EdgePorts.Public);
        squatter.Start();

        var e = await Assert.ThrowsAsync<DeployException>(() => env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None));
        output.WriteLine(e.Message);
        Assert.Equal(
            $"environment 'test': edge public port 127.0.0.1:{env.EdgePorts.Public} is already in use; " +
            $"stop what listens there (ss -ltnp 'sport = :{env.EdgePorts.Public}') or choose another port",
            e.Message);
        var record = Assert.Single(env.Folder.History.List());
        Assert.Equal(DeploymentOutcome.Failed, record.Outcome);
    }

    [Fact]
    public async Task An_edge_that_runs_but_does_not_answer_is_one_line_naming_it()
    {
        await using var env = TestEnvironment.Create(sample, output);
        // edge.json names a live process (this one) whose control port has no listener: an edge whose API died.
        Directory.CreateDirectory(env.Folder.EdgeDirectory);
        var info = new EdgeInfo(Environment.ProcessId, env.EdgePorts.Public, env.EdgePorts.Test, TestEnvironment.FreePort(), DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(Path.Combine(env.Folder.EdgeDirectory, EdgeInfo.FileName), JsonSerializer.Serialize(info, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        await File.WriteAllTextAsync(Path.Combine(env.Folder.EdgeDirectory, EdgeInfo.TokenFileName), "token");

        try
        {
            var e = await Assert.ThrowsAsync<DeployException>(() => env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None));
            output.WriteLine(e.Message);
            Assert.StartsWith($"the edge of environment 'test' (pid {Environment.ProcessId}) is running but its control API does not answer", e.Message, StringComparison.Ordinal);
            Assert.Equal(DeployRemedy.TakeDown, e.Remedy); // IDeploy words it: ./build.sh Down --environment <name>
            Assert.DoesNotContain('\n', e.Message);

            var status = (await EnvironmentStatus.ReadAsync(env.Folder)).ToText();
            Assert.Contains("edge      not running (edge not reachable", status, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(Path.Combine(env.Folder.EdgeDirectory, EdgeInfo.FileName)); // so Down does not stop this test process
        }
    }

    [Fact]
    public async Task A_missing_release_folder_rolls_back_with_a_clear_line()
    {
        await using var env = TestEnvironment.Create(sample, output);
        var request = env.Request("1.0.0") with { Release = new Release("1.0.0", "/nonexistent/publish") };
        var record = await env.Engine.DeployAsync(request, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal("SCALE_UP: release folder /nonexistent/publish does not exist: publish the app there first (dotnet publish -o /nonexistent/publish)", record.RollbackReason!.Message);
    }

    [Theory]
    [InlineData("linear", 0, 1, "traffic shift Linear: step percent 0 is outside 1..100")]
    [InlineData("linear", 101, 1, "traffic shift Linear: step percent 101 is outside 1..100")]
    [InlineData("canary", 100, 1, "traffic shift Canary: canary percent 100 leaves no canary step; use 1..99 or AllAtOnce")]
    [InlineData("canary", 10, -1, "traffic shift Canary: step bake time -00:00:01 must be 0 or more")]
    public async Task Invalid_step_settings_are_refused_before_anything_starts(string kind, int percent, int bakeSeconds, string expected)
    {
        await using var env = TestEnvironment.Create(sample, output);
        var shift = kind == "linear" ? TrafficShift.Linear(percent, TimeSpan.FromSeconds(bakeSeconds)) : TrafficShift.Canary(percent, TimeSpan.FromSeconds(bakeSeconds));
        var e = await Assert.ThrowsAsync<DeploySettingsException>(() => env.Engine.DeployAsync(env.Request("1.0.0") with { Shift = shift }, CancellationToken.None));
        Assert.Equal(expected, e.Message);
        Assert.Empty(env.Folder.History.List());
        Assert.False(File.Exists(Path.Combine(env.Folder.EdgeDirectory, EdgeInfo.FileName)), "no edge should start for invalid settings");
    }
}
