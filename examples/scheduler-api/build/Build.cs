using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy.Lambda;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.GitHub.Environments;

namespace Build;

/// <summary>
/// The event scheduler's API, a Node container-image function on AWS Lambda: dev → staging → production with the same
/// digest, each a weighted alias shift gated by smoke tests, the new version's error rate and p99 and the environment's
/// alarms; production behind an approval and a canary. The functions, aliases, URLs and alarms are the CDK's.
/// </summary>
internal sealed class Build : PipelineBuild, IDeliverServices, IWorkflows
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((IDeliverServices)x).Test);

    IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
    [
        new("api")
        {
            Directory = "services/api",
            Image = new() { Repository = "scheduler-api", BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = Variable("DEBIAN_IMAGE") ?? "debian:bookworm" } },
            Lint = ["node --check src/api.js", "node --check src/handler.js", "node --check runtime/bootstrap.js"],
            Test = ["node --test test/"],
            SmokeTests = new SmokeTests()
                .Http("health", "/health")
                .Http("version", "/version", c => c.BodyContains("\"version\""))
                .Http("schedule an event", HttpMethod.Post, "/events", c => c.Body("""{"name":"smoke","webhookUrl":"https://hooks.example/smoke","runAt":"2099-01-01T00:00:00Z"}""").ExpectStatus(201)),
        },
    ];

    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
    [
        new("dev", OnLambda("dev")) { Promotion = 1, GitHub = Variables("dev") },
        new("staging", OnLambda("staging")) { Promotion = 2, GitHub = Variables("staging") },
        new("production", OnLambda("production"))
        {
            Promotion = 3,
            GitHub = Variables("production") with { Reviewers = ["scheduler/tech-leads"], PreventSelfReview = true },
        },
    ];

    /// <summary>Images go to Amazon ECR (the image job's role); --ecr false pushes to --registry instead.</summary>
    bool IRegistry.Ecr => Parameters.Get(nameof(IRegistry.Ecr), true);

    /// <summary>The design's traffic shift: a canary in production, linear in staging, all at once in dev (--shift overrides).</summary>
    string IDeploySettings.Shift => Parameters.Get(nameof(IDeploySettings.Shift), ((IDeploySettings)this).Environment switch
    {
        "production" => "canary:10:10s",
        "staging" => "linear:50:5s",
        _ => "all-at-once",
    });

    /// <summary>The design's rollback thresholds: the new version's error rate above 5 % or its p99 above 2 s.</summary>
    double IDeploySettings.MaxErrorPercent => Parameters.Get(nameof(IDeploySettings.MaxErrorPercent), 5.0);

    int IDeploySettings.MaxP99Ms => Parameters.Get(nameof(IDeploySettings.MaxP99Ms), 2000);

    /// <summary>The environment's function behind its alias <c>live</c>, reached through the alias's function URL.</summary>
    private static LambdaPlatformSettings OnLambda(string environment) => new()
    {
        FunctionName = $"scheduler-api-{environment}",
        Region = Variable("AWS_REGION") ?? "eu-west-1",
        Role = $"arn:aws:iam::123456789012:role/scheduler-deploy-{environment}",
        ProductionUrl = new Uri(Variable("SCHEDULER_API_URL") ?? $"https://api.{environment}.scheduler.example/"),
        ReadinessPath = "/health",
        Alarms = [$"scheduler-api-{environment}-error-rate", $"scheduler-api-{environment}-p99"],
        Variables = new Dictionary<string, string> { ["SCHEDULER_ENVIRONMENT"] = environment },
    };

    /// <summary>The GitHub environment's variables, which its deploy job passes to the build under the same names.</summary>
    private static GitHubEnvironmentSettings Variables(string environment) => new()
    {
        UrlVariable = "SCHEDULER_API_URL",
        Variables = new Dictionary<string, string>
        {
            ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/scheduler-deploy-{environment}",
            ["AWS_REGION"] = "eu-west-1",
            ["SCHEDULER_API_URL"] = $"https://api.{environment}.scheduler.example/",
        },
    };

    private static string? Variable(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
