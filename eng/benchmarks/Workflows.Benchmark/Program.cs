using System.Diagnostics;
using System.Globalization;
using Pipeline.Engine.Graph;
using Pipeline.Workflows;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;

// Time to generate the reference workflows (pull-request + delivery): the first call in a fresh process (what
// `./build.sh Workflows` pays, JIT included) and the warm median over many calls.
// Run: dotnet run -c Release --project eng/benchmarks/Workflows.Benchmark [iterations]
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;

TargetInfo[] targets =
[
    new("Restore"),
    new("Compile") { DependsOn = ["Restore"] },
    new("Lint") { DependsOn = ["Restore"] },
    new("Test") { DependsOn = ["Compile"] },
    new("Integration") { DependsOn = ["Compile"] },
    new("Pack") { DependsOn = ["Compile"] },
    new("Publish") { DependsOn = ["Compile"], Produces = ["artifacts/publish"] },
    new("Image") { DependsOn = ["Publish"] },
    new("Push") { DependsOn = ["Image"] },
    new("Deploy") { DependsOn = ["Publish", "Test"] },
    new("SmokeTest") { TriggeredBy = ["Deploy"] },
    new("Workflows"),
];

WorkflowEnvironment[] environments =
[
    new("dev") { Promotion = 1, Credentials = AwsRole.FromVariables },
    new("staging") { Promotion = 2, Credentials = AwsRole.FromVariables },
    new("production") { Promotion = 3, Credentials = AwsRole.FromVariables, NeedsApproval = true },
];

string Generate()
{
    var files = new WorkflowFiles(new TargetGraph(targets), ReferencePipelines.All(environments)).Generate();
    return files.HasErrors ? throw new InvalidOperationException(string.Join('\n', files.Findings)) : files.Files.Values.First();
}

var clock = Stopwatch.StartNew();
var graph = new TargetGraph(targets);
var graphTime = clock.Elapsed.TotalMilliseconds;
var plan = Pipeline.Workflows.Generation.WorkflowPlanner.Plan(graph, ReferencePipelines.Delivery(environments));
var planTime = clock.Elapsed.TotalMilliseconds - graphTime;
var generated = Pipeline.Workflows.Generation.WorkflowGenerator.Generate(graph, ReferencePipelines.Delivery(environments));
var generateTime = clock.Elapsed.TotalMilliseconds - graphTime - planTime;
var size = Generate().Length;
var first = clock.Elapsed.TotalMilliseconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cold phases: graph {graphTime:F1} ms, plan {planTime:F1} ms, model+validation {generateTime:F1} ms, yaml+rest {first - graphTime - planTime - generateTime:F1} ms ({plan.Jobs.Count + generated.Findings.Count} jobs+findings)"));

for (var i = 0; i < 20; i++)
{
    Generate();
}

var samples = new double[iterations];
for (var i = 0; i < iterations; i++)
{
    clock.Restart();
    Generate();
    samples[i] = clock.Elapsed.TotalMilliseconds;
}

Array.Sort(samples);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"first call (cold, JIT included): {first:F1} ms; warm over {iterations} runs: median {samples[iterations / 2]:F3} ms, "
    + $"p95 {samples[(int)(iterations * 0.95)]:F3} ms, max {samples[^1]:F3} ms ({size} chars in the first file); goal < 200 ms"));
