using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.GitHub.Environments;

namespace Build;

/// <summary>
/// A Python worker (Alembic on PostgreSQL) and a Node orchestrator, two Fargate services delivered blue/green: rehearsed on
/// the local ECS, then dev → staging → production with the same digests, production behind an approval.
/// </summary>
internal sealed class Build : PipelineBuild, IDeliverServices, ILocalEcs, IWorkflows
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((IDeliverServices)x).Test);

    [Parameter("Rehearsal on the local ECS: the worker's production port (test: +1); the orchestrator's are 10 above")]
    readonly int RehearsalPort = 5300;

    IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
    [
        new("worker")
        {
            Directory = "services/worker",
            Image = new() { BuildArgs = DebianBase },
            Lint = ["sh checks.sh lint"],
            Test = ["sh checks.sh test"],
            Migrations = "python3 -m alembic upgrade head",
            SmokeTests = new SmokeTests().Http("health", "/health").Http("schema migrated", "/ready", c => c.BodyContains("\"schema\"")),
        },
        new("orchestrator")
        {
            Directory = "services/orchestrator",
            Image = new() { BuildArgs = DebianBase },
            Lint = ["node --check src/main.js", "node --check src/server.js", "node --check src/worker-client.js"],
            Test = ["node --test test/"],
            DeploysAfter = ["worker"],
            SmokeTests = new SmokeTests().Http("health", "/health").Http("version", "/version", c => c.BodyContains("\"version\"")),
        },
    ];

    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
    [
        EnvironmentDeclaration.PerService("rehearsal", service => ((ILocalEcs)this).OnLocalEcs(
            OnEcs("rehearsal", service, region: "us-east-1"), productionPort: PortOf(service), testPort: PortOf(service) + 1)),
        EnvironmentDeclaration.PerService("dev", service => OnEcs("dev", service)) with { Promotion = 1, GitHub = Variables("dev") },
        EnvironmentDeclaration.PerService("staging", service => OnEcs("staging", service)) with { Promotion = 2, GitHub = Variables("staging") },
        EnvironmentDeclaration.PerService("production", service => OnEcs("production", service)) with
        {
            Promotion = 3,
            GitHub = Variables("production") with { Reviewers = ["orchestrai/release-managers"], PreventSelfReview = true },
        },
    ];

    /// <summary>Each service on ECS Fargate: its task definition file (logging to CloudWatch Logs), its URLs and the database from the deploy job's variables.</summary>
    private static EcsPlatformSettings OnEcs(string environment, string service, string? region = null) => new()
    {
        Cluster = $"orchestrai-{environment}",
        Service = service,
        Region = region ??= Variable("AWS_REGION") ?? "eu-west-1",
        TaskDefinitionFile = $"services/{service}/ecs/task-definition.json",
        Variables = new Dictionary<string, string>
        {
            ["family"] = $"orchestrai-{environment}-{service}",
            ["region"] = region,
            ["execution_role"] = $"arn:aws:iam::123456789012:role/orchestrai-{environment}-task-execution",
            ["database_url"] = Variable("DATABASE_URL") ?? "postgresql://worker@localhost:5432/worker",
            ["worker_url"] = $"http://worker.orchestrai-{environment}.local:8080/",
        },
        ProductionUrl = new Uri(Variable($"{service.ToUpperInvariant()}_URL") ?? $"https://{service}.{environment}.orchestrai.example/"),
        TestUrl = new Uri(Variable($"{service.ToUpperInvariant()}_TEST_URL") ?? $"https://test.{service}.{environment}.orchestrai.example/"),
    };

    /// <summary>The GitHub environment's variables, which its deploy job passes to the build under the same names.</summary>
    private static GitHubEnvironmentSettings Variables(string environment) => new()
    {
        Variables = new Dictionary<string, string>
        {
            ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/orchestrai-deploy-{environment}",
            ["AWS_REGION"] = "eu-west-1",
            ["DATABASE_URL"] = $"postgresql://worker@db.{environment}.orchestrai.example:5432/worker",
            ["WORKER_URL"] = $"https://worker.{environment}.orchestrai.example/",
            ["WORKER_TEST_URL"] = $"https://test.worker.{environment}.orchestrai.example/",
            ["ORCHESTRATOR_URL"] = $"https://orchestrator.{environment}.orchestrai.example/",
            ["ORCHESTRATOR_TEST_URL"] = $"https://test.orchestrator.{environment}.orchestrai.example/",
        },
    };

    private int PortOf(string service) => service == "worker" ? RehearsalPort : RehearsalPort + 10;

    private static IReadOnlyDictionary<string, string> DebianBase => new Dictionary<string, string> { ["BASE_IMAGE"] = Variable("DEBIAN_IMAGE") ?? "debian:bookworm" };

    private static string? Variable(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
