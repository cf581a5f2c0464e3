using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Workflows.Delivery;
using Pipeline.Testing.Workflows.Runner;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests.Workflows;

/// <summary>
/// An example's committed delivery workflow run job by job with the local runner, as the example's own CI would run it:
/// the example in a repository of its own on the Pipeline packages packed by this run; instead of AWS the delivery
/// stand-ins (moto's ECR API in front of a real registry, the local ECS, one PostgreSQL with a database per environment)
/// with each environment's cluster and services created as infrastructure code would; GitHub's side on its stand-in
/// (Actions' deployments, production held until a reviewer runs Approve). The check-only jobs (lint, test, integration)
/// show their plan: the examples' checks run for real in <see cref="WorkerOrchestratorDeliveryTests"/> and
/// <see cref="ApiFrontendDeliveryTests"/> of the same run.
/// </summary>
public sealed class ExampleDeliveryRun : IAsyncDisposable
{
    public const string Workflow = ".github/workflows/delivery.yml";

    private static readonly HashSet<string> CheckOnlyJobs = new(["lint", "test", "integration"], StringComparer.Ordinal);

    private readonly ExampleSystem _system;
    private readonly TemplatePackages _packages;
    private readonly ITestOutputHelper _log;
    private readonly IReadOnlyDictionary<string, string> _databases;

    private ExampleDeliveryRun(
        ExampleSystem system, TemplatePackages packages, ITestOutputHelper log, ExampleRepository repository, DeliveryStandIns standIns,
        IReadOnlyDictionary<string, string> databases, IReadOnlyList<EcsServiceSetup> services, DeliveryGitHub github)
    {
        _system = system;
        _packages = packages;
        _log = log;
        _databases = databases;
        Repository = repository;
        StandIns = standIns;
        Services = services;
        GitHub = github;
    }

    public ExampleRepository Repository { get; }

    public DeliveryStandIns StandIns { get; }

    public DeliveryGitHub GitHub { get; }

    /// <summary>Every service of every environment, as infrastructure code created it before the first run.</summary>
    public IReadOnlyList<EcsServiceSetup> Services { get; }

    public static async Task<ExampleDeliveryRun> StartAsync(TemplatePackages packages, ExampleSystem system, ITestOutputHelper log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var repository = await ExampleRepository.CreateAsync(packages, system.Name, log, ct);
        var standIns = await DeliveryStandIns.StartAsync();
        log.WriteLine($"{system.Name}: repository and stand-ins ready in {clock.Elapsed.TotalSeconds:0} s");
        try
        {
            var databases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var environment in system.Environments)
            {
                databases[environment] = await standIns.CreateDatabaseUrlAsync($"{system.Database}_{environment}");
            }

            var services = await Task.WhenAll(system.Environments.SelectMany(environment => system.Services.Select(service =>
                EcsServiceSetup.CreateAsync(standIns, environment, system.Cluster(environment), service.Service, new Dictionary<string, string>()))));
            log.WriteLine($"{system.Name}: {services.Length} ECS services ready at {clock.Elapsed.TotalSeconds:0} s");
            var github = await DeliveryGitHub.StartAsync(system.Environments, ExampleSystem.Reviewed);
            log.WriteLine($"{system.Name}: GitHub stand-in ready at {clock.Elapsed.TotalSeconds:0} s");
            return new ExampleDeliveryRun(system, packages, log, repository, standIns, databases, services, github);
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the workflow, every job whose needs finished at once as on GitHub, except <paramref name="leftOut"/>; a reviewer
    /// approves the reviewed environment once the run waits for it. Answers the outcomes and the reviewer's Approve output.
    /// </summary>
    public async Task<(IReadOnlyList<JobOutcome> Outcomes, string Approval)> RunAsync(IReadOnlySet<string> leftOut, CancellationToken ct)
    {
        var settings = Settings(leftOut);
        foreach (var environment in _system.Environments)
        {
            Assert.Empty(WorkflowVariables.Unsupplied(Path.Combine(Repository.Directory, Workflow), settings, environment));
        }

        var reviewed = _system.Environments.Contains(ExampleSystem.Reviewed);
        using var stopApproving = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var approval = reviewed ? GitHub.ApproveWhenWaitingAsync(stopApproving.Token) : Task.FromResult((0, ""));
        var clock = Stopwatch.StartNew();
        IReadOnlyList<JobOutcome> outcomes;
        using (var runner = new LocalWorkflowRunner(Repository.Directory, settings, _log.WriteLine))
        {
            outcomes = await runner.RunAsync(Workflow, ct);
        }

        _log.WriteLine($"{_system.Name}: workflow run took {clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s "
            + $"({string.Join(", ", outcomes.Select(o => o.ToString()))})");
        if (!approval.IsCompleted)
        {
            await stopApproving.CancelAsync();
        }

        Assert.True(approval.IsCompletedSuccessfully, $"{ExampleSystem.Reviewed} never waited for review: {approval.Exception?.GetBaseException().Message ?? "cancelled"}");
        var (code, output) = await approval;
        Assert.True(code == 0, output);
        return (outcomes, output);
    }

    /// <summary>
    /// Each image job pushed its service through the ECR API (moto: token, repository created) to the registry behind
    /// it; each deploy job released the system; and at the end each service of each deployed environment runs, as the
    /// aws CLI reads it from the local ECS, the digest its image job pushed, and answers on its production listener.
    /// </summary>
    public async Task AssertEachServiceRunsItsPushedDigestAsync(IReadOnlyList<JobOutcome> outcomes, IReadOnlyList<string> deployed, CancellationToken ct)
    {
        var pushed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in _system.Services.Select(s => s.Service))
        {
            var image = outcomes.Single(o => o.Job == $"image-{service}").Outputs["image"];
            Assert.Matches($"^{Regex.Escape(StandIns.Registry.Host)}/{service}@sha256:[0-9a-f]{{64}}$", image);
            Assert.True(await StandIns.RegistryHoldsAsync(image), $"{image} is not in the registry");
            var repository = (await StandIns.EcrCli.OkAsync("ecr", "describe-repositories", "--repository-names", service))["repositories"]![0]!;
            Assert.Equal("IMMUTABLE", repository["imageTagMutability"]!.GetValue<string>());
            pushed[service] = image;
        }

        foreach (var environment in deployed)
        {
            var log = outcomes.Single(o => o.Job == $"deploy-{environment}").Log;
            Assert.Matches(@"migrations task \S+ exited 0\n", log);
            Assert.Equal(_system.Services.Count, Regex.Matches(log, @"bake alarms: \S+").Count);
            Assert.DoesNotContain("bake not judged", log, StringComparison.Ordinal);
            Assert.Matches($@"Release \S+ is live in '{environment}': {string.Join(", ", _system.Services.Select(s => s.Service))}\.", log);
            foreach (var answer in _system.Services)
            {
                var service = Services.Single(s => s.Environment == environment && s.Service == answer.Service);
                var described = await service.DescribeAsync(StandIns.EcsCli);
                Assert.Equal(1, described["runningCount"]!.GetValue<int>());
                var taskDefinition = await StandIns.EcsCli.OkAsync("ecs", "describe-task-definition", "--task-definition", described["taskDefinition"]!.GetValue<string>());
                var container = taskDefinition["taskDefinition"]!["containerDefinitions"]![0]!;
                Assert.Equal(pushed[answer.Service], container["image"]!.GetValue<string>());
                Assert.Equal(2, (await service.DeploymentsAsync(StandIns.EcsCli)).Count); // the placeholder's, then the release
                using var http = new HttpClient { BaseAddress = service.ProductionUrl, Timeout = TimeSpan.FromSeconds(10) };
                var body = await http.GetStringAsync(new Uri(answer.Path, UriKind.Relative), ct);
                Assert.True(body.Contains(answer.Contains, StringComparison.Ordinal), $"{environment}/{answer.Service} {answer.Path} answered {body}");
            }

            // The worker's (the API's) task definition carries the environment's own database: its migrations ran there.
            var first = Services.Single(s => s.Environment == environment && s.Service == _system.Services[0].Service);
            var definition = await StandIns.EcsCli.OkAsync("ecs", "describe-task-definition", "--task-definition", (await first.DescribeAsync(StandIns.EcsCli))["taskDefinition"]!.GetValue<string>());
            Assert.Contains(_databases[environment], definition.ToJsonString(), StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await StandIns.DisposeAsync();
    }

    /// <summary>
    /// What the example's GitHub repository would hold: the image jobs' role and region; per environment the variables
    /// its Build.cs gives the GitHub environment (role, region, database, each service's URLs), the database and URLs
    /// being where the stand-ins listen. The runner machine has the stand-ins' endpoints, the offline Debian base
    /// (DEBIAN_IMAGE, as a runner image without Docker Hub would set it) and the NuGet setup of this run's packages.
    /// </summary>
    private RunnerSettings Settings(IReadOnlySet<string> leftOut)
    {
        // The local ECS serves CloudWatch too: the deploys declare their bake alarms there, and the alarms judge the bake;
        // and CloudWatch Logs, where a failed migrations task's output is read.
        var machine = new Dictionary<string, string>(StandIns.MachineVariables, StringComparer.Ordinal)
        {
            ["AWS_ENDPOINT_URL_CLOUDWATCH"] = StandIns.Ecs.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = StandIns.Ecs.Endpoint.ToString(),
            ["DEBIAN_IMAGE"] = Testing.TestImages.Debian,
        };
        foreach (var (name, value) in TemplateCommand.IsolatedEnvironment(_packages))
        {
            machine[name] = value;
        }

        return GitHub.Wire(new RunnerSettings
        {
            Variables = new Dictionary<string, string>
            {
                ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/{_system.ClusterPrefix}-image",
                ["AWS_REGION"] = DeliveryStandIns.Region,
            },
            EnvironmentVariables = _system.Environments.ToDictionary(
                environment => environment,
                environment => (IReadOnlyDictionary<string, string>)EnvironmentVariables(environment),
                StringComparer.Ordinal),
            AwsCredentials = StandIns.AwsCredentials,
            MachineVariables = machine,
            PlanJobs = CheckOnlyJobs,
            LeftOut = leftOut,
            StepTimeout = TimeSpan.FromMinutes(10),
        });
    }

    private Dictionary<string, string> EnvironmentVariables(string environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/{_system.ClusterPrefix}-deploy-{environment}",
            ["AWS_REGION"] = DeliveryStandIns.Region,
            ["DATABASE_URL"] = _databases[environment],
        };
        foreach (var service in Services.Where(s => s.Environment == environment))
        {
            variables[$"{service.Service.ToUpperInvariant()}_URL"] = service.ProductionUrl.ToString();
            variables[$"{service.Service.ToUpperInvariant()}_TEST_URL"] = service.TestUrl.ToString();
        }

        return variables;
    }
}
