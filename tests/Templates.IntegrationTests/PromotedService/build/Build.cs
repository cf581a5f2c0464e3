using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Paths;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows.Definition;

namespace Build;

/// <summary>
/// A service delivered by its generated workflows: every push to develop deploys dev, every push to main deploys
/// staging, production only through the promote workflow, behind a reviewer. GitHubSetup readies the repository.
/// </summary>
internal sealed class Build : PipelineBuild, IDeploy, IPush, IWorkflows, IGitHub
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((IDeploy)x).Deploy);

    // This repository's own values: the template's examples until replaced.
    const string Account = "123456789012";

    static readonly Dictionary<string, string> Urls = new()
    {
        ["dev"] = "https://dev.hello.example.com/",
        ["dev-test"] = "https://test.dev.hello.example.com/",
        ["staging"] = "https://staging.hello.example.com/",
        ["staging-test"] = "https://test.staging.hello.example.com/",
        ["production"] = "https://hello.example.com/",
        ["production-test"] = "https://test.hello.example.com/",
    };

    const string Region = "eu-west-1";

    AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "Hello" / "Hello.csproj";

    string IImage.ImageRepository => "hello";

    // Answered by whatever runs there, the placeholder infrastructure code started the service with included.
    SmokeTests IDeploy.SmokeTests => new SmokeTests().Http("health", "/health");

    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
    [
        new("dev", OnEcs("dev")) { Promotion = 1, DeployOn = DeployTrigger.OnPush("develop"), GitHub = GitHub("dev") },
        new("staging", OnEcs("staging")) { Promotion = 2, DeployOn = DeployTrigger.OnPush("main"), GitHub = GitHub("staging") },
        new("production", OnEcs("production"))
        {
            Promotion = 3,
            DeployOn = DeployTrigger.Manual,
            GitHub = GitHub("production") with { Reviewers = ["octocat"] },
        },
    ];

    GitHubRepositorySettings IHaveEnvironments.GitHubRepositorySettings =>
        GitHubRepositorySettings.ForEcrImage("hello", Region, $"arn:aws:iam::{Account}:role/hello-image");

    /// <summary>The service on Amazon ECS; its URLs from the GitHub environment's variables when the deploy job runs.</summary>
    static EcsPlatformSettings OnEcs(string environment) => new()
    {
        Cluster = $"hello-{environment}",
        Service = "hello",
        Region = Variable("AWS_REGION") ?? Region,
        TaskDefinitionFile = "src/Hello/task-definition.json",
        ProductionUrl = new Uri(Variable("HELLO_URL") ?? Urls[environment]),
        TestUrl = new Uri(Variable("HELLO_TEST_URL") ?? Urls[$"{environment}-test"]),
    };

    /// <summary>The GitHub environment: the role the deploy job assumes, its region, and the URLs the repository owns.</summary>
    static GitHubEnvironmentSettings GitHub(string environment) => new()
    {
        UrlVariable = "HELLO_URL",
        OwnedVariables = ["HELLO_URL", "HELLO_TEST_URL"],
        Variables = new Dictionary<string, string>
        {
            ["AWS_ROLE_ARN"] = $"arn:aws:iam::{Account}:role/hello-deploy-{environment}",
            ["AWS_REGION"] = Region,
            ["HELLO_URL"] = Urls[environment],
            ["HELLO_TEST_URL"] = Urls[$"{environment}-test"],
        },
    };

    static string? Variable(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
