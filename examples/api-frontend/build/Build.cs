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
/// The project tool: a Python API (Alembic migrations on PostgreSQL) and its web frontend, two Fargate services deployed
/// with ECS rolling updates; rehearsed on the local ECS, then staging → production with the same digests, production
/// behind an approval.
/// </summary>
internal sealed class Build : PipelineBuild, IDeliverServices, ILocalEcs, IWorkflows
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((IDeliverServices)x).Test);

    [Parameter("Rehearsal on the local ECS: the API's production port (test: +1); the frontend's are 10 above")]
    readonly int RehearsalPort = 5400;

    IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
    [
        new("api")
        {
            Directory = "services/api",
            Image = new() { BuildArgs = DebianBase },
            Lint = ["sh checks.sh lint"],
            Test = ["sh checks.sh test"],
            Migrations = "python3 -m alembic upgrade head",
            SmokeTests = new SmokeTests()
                .Http("health", "/health")
                .Http("schema at head", "/ready", c => c.BodyContains("\"revision\": \"0002\""))
                .Http("items", "/api/items", c => c.BodyContains("\"items\"")),
        },
        new("web")
        {
            Directory = "services/web",
            Image = new() { BuildArgs = DebianBase },
            Lint = ["node --check src/main.js", "node --check src/frontend.js"],
            Test = ["node --test test/"],
            DeploysAfter = ["api"],
            SmokeTests = new SmokeTests().Http("page", "/", c => c.BodyContains("<h1>Items</h1>")).Http("health", "/health"),
        },
    ];

    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
    [
        EnvironmentDeclaration.PerService("rehearsal", service => ((ILocalEcs)this).OnLocalEcs(
            OnEcs("rehearsal", service) with { Region = "us-east-1" }, productionPort: PortOf(service), testPort: PortOf(service) + 1)),
        EnvironmentDeclaration.PerService("staging", service => OnEcs("staging", service)) with { Promotion = 1, GitHub = Variables("staging") },
        EnvironmentDeclaration.PerService("production", service => OnEcs("production", service)) with
        {
            Promotion = 2,
            GitHub = Variables("production") with { Reviewers = ["projects/maintainers"], PreventSelfReview = true },
        },
    ];

    /// <summary>
    /// Each service on ECS Fargate with rolling updates (smoke tests against production once ECS finished; a failure
    /// updates back to the previous task definition): its task definition file, its URL and the database from the
    /// deploy job's variables.
    /// </summary>
    private static EcsPlatformSettings OnEcs(string environment, string service) => new()
    {
        Cluster = $"projects-{environment}",
        Service = service,
        Region = Variable("AWS_REGION") ?? "eu-west-1",
        Rolling = new EcsRollingUpdate { MinimumHealthyPercent = 100, MaximumPercent = 200 },
        TaskDefinitionFile = $"services/{service}/ecs/task-definition.json",
        Variables = new Dictionary<string, string>
        {
            ["family"] = $"projects-{environment}-{service}",
            ["database_url"] = Variable("DATABASE_URL") ?? "postgresql://api@localhost:5432/items",
            ["api_url"] = $"http://api.projects-{environment}.local:8080/",
        },
        ProductionUrl = new Uri(Variable($"{service.ToUpperInvariant()}_URL") ?? $"https://{service}.{environment}.projects.example/"),
    };

    /// <summary>The GitHub environment's variables, which its deploy job passes to the build under the same names.</summary>
    private static GitHubEnvironmentSettings Variables(string environment) => new()
    {
        Variables = new Dictionary<string, string>
        {
            ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/projects-deploy-{environment}",
            ["AWS_REGION"] = "eu-west-1",
            ["DATABASE_URL"] = $"postgresql://api@db.{environment}.projects.example:5432/items",
            ["API_URL"] = $"https://api.{environment}.projects.example/",
            ["WEB_URL"] = $"https://{environment}.projects.example/",
        },
    };

    private int PortOf(string service) => service == "api" ? RehearsalPort : RehearsalPort + 10;

    private static IReadOnlyDictionary<string, string> DebianBase => new Dictionary<string, string> { ["BASE_IMAGE"] = Variable("DEBIAN_IMAGE") ?? "debian:bookworm" };

    private static string? Variable(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
