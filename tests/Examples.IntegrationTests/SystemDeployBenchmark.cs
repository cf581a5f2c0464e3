using System.Diagnostics;
using System.Globalization;
using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// Issue 22's figure: <c>Deploy</c> of the worker-orchestrator system (migrations, then both services in order, one
/// build process) against the sum of its services deployed one by one with <c>--service</c> (a build process each), on
/// the local ECS from the packages, after the first Deploy created the services. <c>PIPELINE_EXAMPLES_BENCH_RUNS</c>
/// runs it (that many runs of each, alternating); the medians are printed.
/// </summary>
[Collection(ExamplePackagesCollection.Name)]
public sealed class SystemDeployBenchmark(TemplatePackages packages, ITestOutputHelper log)
{
    private const string RunsVariable = "PIPELINE_EXAMPLES_BENCH_RUNS";

    [Benchmark(RunsVariable, Requirement.Docker, Requirement.Registry)]
    public async Task Deploy_of_the_system_against_its_services_deployed_one_by_one()
    {
        var asked = BenchmarkAttribute.Runs(RunsVariable);
        var runs = asked ?? 1;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(20 + (5 * runs)));
        var ct = cancellation.Token;
        await using var rehearsal = await ExampleRehearsal.StartAsync(packages, "worker-orchestrator", "worker", log, ct);
        await rehearsal.BuildAsync("Image", ct);
        await rehearsal.BuildAsync("LocalEcsUp", ct);
        if (asked is not null)
        {
            // Figures compare updates, so the Deploy that creates the services is not measured. Run once as a test (no
            // figure), the first measured Deploy creates them.
            await rehearsal.BuildAsync("Deploy", ct, "--environment", "rehearsal");
        }

        var system = new List<TimeSpan>();
        var oneByOne = new List<TimeSpan>();
        for (var run = 1; run <= runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var deploy = await rehearsal.BuildAsync("Deploy", ct, "--environment", "rehearsal");
            system.Add(clock.Elapsed);
            Assert.Matches(@"Release \S+ is live in 'rehearsal': worker, orchestrator\.", deploy.StandardOutput);

            clock.Restart();
            foreach (var service in new[] { "worker", "orchestrator" })
            {
                await rehearsal.BuildAsync("Deploy", ct, "--environment", "rehearsal", "--service", service);
            }

            oneByOne.Add(clock.Elapsed);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: Deploy of the system {system[^1].TotalSeconds:0.0} s, worker then orchestrator with --service {oneByOne[^1].TotalSeconds:0.0} s"));
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker-orchestrator on the local ECS, median of {runs}: Deploy of the system {BenchmarkAttribute.Median(system).TotalSeconds:0.0} s, "
            + $"the sum of its services deployed one by one {BenchmarkAttribute.Median(oneByOne).TotalSeconds:0.0} s"));
    }
}
