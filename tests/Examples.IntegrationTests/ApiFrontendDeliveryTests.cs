using System.Diagnostics;
using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Examples.IntegrationTests.Services;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/api-frontend as a user runs it, in a repository of its own on the Pipeline packages packed by this run: its
/// checks, then its release on the local ECS — the API's two Alembic migrations as a one-off task of its new image, the
/// API then the frontend with ECS rolling updates, gated by their smoke tests against production.
/// </summary>
[Collection(ExamplePackagesCollection.Name)]
public sealed class ApiFrontendDeliveryTests(TemplatePackages packages, ITestOutputHelper log)
{
    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task The_api_and_its_frontend_are_checked_and_released_on_the_local_ecs_from_the_packages()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var ct = cancellation.Token;
        await using var rehearsal = await ExampleRehearsal.StartAsync(packages, "api-frontend", "items", log, ct);

        var checks = await rehearsal.BuildAsync("Lint", ct, "Test");
        Assert.Contains("6 passed", checks.StandardOutput, StringComparison.Ordinal); // the API's pytest
        Assert.Contains("# pass 3", checks.StandardOutput, StringComparison.Ordinal); // the frontend's node --test

        var clock = Stopwatch.StartNew();
        var deploy = await rehearsal.BuildAsync("Deploy", ct, "--environment", "rehearsal");
        log.WriteLine($"Deploy of the system (images built on the way): {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("python3 -m alembic upgrade head", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"migrations task \S+ exited 0\n", deploy.StandardOutput);
        Assert.Contains("smoke passed schema at head (production", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("through a rolling update", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("POST_TEST_TRAFFIC_SHIFT", deploy.StandardOutput, StringComparison.Ordinal); // a rolling update has no test stage
        Assert.Matches(@"Release \S+ is live in 'rehearsal': api, web\.", deploy.StandardOutput);

        Assert.Equal("0002", (await ServiceNetwork.GetJsonAsync(rehearsal.Ports.First, "/ready"))["revision"]!.GetValue<string>());
        using var http = new HttpClient { BaseAddress = rehearsal.Ports.Second, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("<h1>Items</h1>", await http.GetStringAsync(new Uri("/", UriKind.Relative), ct), StringComparison.Ordinal);
    }
}
