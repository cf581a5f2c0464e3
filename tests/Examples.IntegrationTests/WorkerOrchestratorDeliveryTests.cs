using System.Diagnostics;
using System.Text.RegularExpressions;
using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Examples.IntegrationTests.Services;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/worker-orchestrator as a user runs it, in a repository of its own on the Pipeline packages packed by this run:
/// its checks, its two images, then its release on the local ECS — the worker's Alembic migrations as a one-off task of
/// its new image, both services blue/green in order, each running the digest pushed for it. A broken migration stops the
/// release before any traffic moves, with Alembic's own error (from the task's CloudWatch Logs stream) in the failure line;
/// a smoke test failing in the second service rolls the first back with it.
/// </summary>
[Collection(ExamplePackagesCollection.Name)]
public sealed partial class WorkerOrchestratorDeliveryTests(TemplatePackages packages, ITestOutputHelper log)
{
    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task The_system_is_checked_built_and_released_as_a_unit_on_the_local_ecs_from_the_packages()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        var ct = cancellation.Token;
        await using var rehearsal = await ExampleRehearsal.StartAsync(packages, "worker-orchestrator", "worker", log, ct);
        var (repository, ports) = (rehearsal.Repository, rehearsal.Ports);

        var checks = await rehearsal.BuildAsync("Lint", ct, "Test");
        Assert.Contains("8 passed", checks.StandardOutput, StringComparison.Ordinal); // the worker's pytest
        Assert.Contains("# pass 5", checks.StandardOutput, StringComparison.Ordinal); // the orchestrator's node --test

        var clock = Stopwatch.StartNew();
        var images = await rehearsal.BuildAsync("Image", ct);
        log.WriteLine($"Image of both services: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("Built worker: sha256:", images.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Built orchestrator: sha256:", images.StandardOutput, StringComparison.Ordinal);

        await rehearsal.BuildAsync("LocalEcsUp", ct);
        clock.Restart();
        var deploy = await rehearsal.BuildAsync("Deploy", ct, "--environment", "rehearsal");
        log.WriteLine($"Deploy of the system: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Matches(@"migrations task \S+ exited 0\n", deploy.StandardOutput);
        Assert.Matches(@"Release \S+ is live in 'rehearsal': worker, orchestrator\.", deploy.StandardOutput);
        var released = await AssertEachServiceRunsItsPushedDigestAsync(rehearsal, deploy.StandardOutput, ct);
        Assert.Equal("0001", (await ServiceNetwork.GetJsonAsync(ports.First, "/ready"))["schema"]!.GetValue<string>());
        Assert.Equal("1.0.0", (await ServiceNetwork.GetJsonAsync(ports.Second, "/version"))["version"]!.GetValue<string>());

        // A broken migration: the release stops at the worker's migrations task, before any traffic moves.
        var brokenFile = $"services/worker/migrations/versions/{BrokenMigration.File}";
        await repository.ChangeAsync(brokenFile, BrokenMigration.Text, "a broken migration", ct);
        var broken = await rehearsal.FailingBuildAsync("Deploy", ct, "--environment", "rehearsal");
        Assert.Contains("Release to 'rehearsal' stopped at service 'worker': worker failed before any traffic moved", broken.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no other service had moved", broken.StandardOutput, StringComparison.Ordinal);
        // Alembic's own error, read from the migrations task's awslogs stream, in the one failure line.
        Assert.Contains(broken.StandardOutput.Split('\n'), line => AlembicErrorPattern().IsMatch(line));
        Assert.DoesNotContain("── orchestrator: deploying", broken.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(released, await ReleasedImagesAsync(rehearsal, ct));

        // The second service's smoke test fails: the worker, already shifted, goes back with it.
        File.Delete(Path.Combine(repository.Directory, brokenFile));
        var server = Path.Combine(repository.Directory, "services/orchestrator/src/server.js");
        var code = await File.ReadAllTextAsync(server, ct);
        const string versionAnswer = "return send(response, 200, { name: 'orchestrator', version });";
        Assert.Contains(versionAnswer, code, StringComparison.Ordinal);
        await repository.ChangeAsync(
            "services/orchestrator/src/server.js",
            code.Replace(versionAnswer, "return send(response, 500, { error: 'broken' });", StringComparison.Ordinal),
            "an orchestrator whose /version fails",
            ct);
        var rolledBack = await rehearsal.FailingBuildAsync("Deploy", ct, "--environment", "rehearsal");
        Assert.Matches(@"worker: \S+ is live", rolledBack.StandardOutput);
        Assert.Matches(@"smoke failed version \(test", rolledBack.StandardOutput);
        Assert.Contains("Release to 'rehearsal' stopped at service 'orchestrator'", rolledBack.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"rolled back as a unit: worker back to \S+", rolledBack.StandardOutput);
        Assert.Equal("1.0.0", (await ServiceNetwork.GetJsonAsync(ports.Second, "/version"))["version"]!.GetValue<string>());
    }

    /// <summary>Status names, per service, the digest the release put there; each is the one Deploy pushed for that service.</summary>
    private static async Task<IReadOnlyList<string>> AssertEachServiceRunsItsPushedDigestAsync(ExampleRehearsal rehearsal, string deployOutput, CancellationToken ct)
    {
        var matches = PushedPattern().Matches(deployOutput);
        Assert.Equal(["worker", "orchestrator"], matches.Select(m => m.Groups["repository"].Value)); // each in its service's repository
        var pushed = matches.Select(m => m.Groups["digest"].Value).ToList();
        var released = await ReleasedImagesAsync(rehearsal, ct);
        Assert.Equal(pushed, released);
        return released;
    }

    private static async Task<IReadOnlyList<string>> ReleasedImagesAsync(ExampleRehearsal rehearsal, CancellationToken ct)
    {
        var status = await rehearsal.BuildAsync("Status", ct, "--environment", "rehearsal");
        Assert.Equal(2, Regex.Matches(status.StandardOutput, "ACTIVE, 1/1 tasks running").Count);
        return [.. ReleasedPattern().Matches(status.StandardOutput).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The one failure line of a release stopped by the broken migration, with Alembic's error from the task's log.</summary>
    [GeneratedRegex(@"Release to 'rehearsal' stopped at service 'worker': .*the migrations task \S+ of service 'worker' in environment 'rehearsal-worker' exited with code 1: sqlalchemy\.exc\.ProgrammingError: \(psycopg2\.errors\.UndefinedTable\) relation ""no_such_table"" does not exist.*; fix the migrations and deploy again \(its log: aws logs get-log-events --log-group-name /ecs/orchestrai-rehearsal-worker --log-stream-name ecs/worker/[0-9a-f]+\)")]
    private static partial Regex AlembicErrorPattern();

    [GeneratedRegex(@"Pushed [^/\s]+/(?<repository>[^@\s]+)@(?<digest>sha256:[0-9a-f]{64}) to the local registry")]
    private static partial Regex PushedPattern();

    [GeneratedRegex(@"release \S+ \(deployed [^)]*\): \S*?(sha256:[0-9a-f]{64})")]
    private static partial Regex ReleasedPattern();
}
