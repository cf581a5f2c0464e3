using Pipeline.Components.Environments;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Paths;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;

namespace Pipeline.Components.Tests;

/// <summary>
/// A deploy job signs in as its environment's platform says, and the image job as its registry says: a platform outside
/// AWS, declared here and nowhere in Pipeline, gets its own sign-in steps into the generated workflows.
/// </summary>
public sealed class PlatformCredentialsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-platform-credentials-").FullName;

    public PlatformCredentialsTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Another cloud's sign-in: its own action, its own token permission, the account from the environment's variables.</summary>
    private sealed record OtherCloudLogin(string Purpose) : JobCredentials
    {
        public static ActionPin Action { get; } = new("other-cloud/login", "0123456789abcdef0123456789abcdef01234567", "v3.1.0");

        public override IReadOnlyList<PermissionScope> Permissions { get; } = [new("id-token", PermissionLevel.Write)];

        public override IReadOnlyList<string> Variables => ["OTHER_CLOUD_ACCOUNT"];

        public override IEnumerable<Step> Steps(WorkflowOptions options)
        {
            yield return Step.Action($"Sign in to the other cloud ({Purpose})", Action, new Dictionary<string, string>
            {
                ["account"] = "${{ vars.OTHER_CLOUD_ACCOUNT }}",
            });
        }
    }

    /// <summary>A platform outside AWS, as a third party would add it: its settings answer their deploy job's credentials.</summary>
    private sealed record OtherCloudPlatformSettings : PlatformSettings, IHaveJobCredentials
    {
        public override string Platform => "other-cloud";

        public override DeployInputs Inputs => DeployInputs.None;

        public JobCredentials? JobCredentials { get; } = new OtherCloudLogin("deploy");

        public override IPlatformEnvironment Open(EnvironmentContext context) =>
            throw new NotSupportedException("generating workflows opens no environment");
    }

    private sealed class Build : PipelineBuild, ILint, ITest, IPush, IDeploy, IWorkflows
    {
        AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "App" / "App.csproj";

        string IImage.ImageRepository => "app";

        JobCredentials? IRegistry.RegistryJobCredentials => new OtherCloudLogin("registry");

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("dev", new OtherCloudPlatformSettings())
            {
                Promotion = 1,
                GitHub = new GitHubEnvironmentSettings
                {
                    Variables = new Dictionary<string, string> { ["OTHER_CLOUD_ACCOUNT"] = "acme-dev", ["APP_URL"] = "https://dev.app.example.test/" },
                },
            },
        ];
    }

    /// <summary>A rehearsal on the local ECS that the delivery workflow deploys (as a throw-away CI environment would be).</summary>
    private sealed class Rehearsal : PipelineBuild, ILint, IDeploy, IWorkflows, ILocalEcs
    {
        AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "App" / "App.csproj";

        string IImage.ImageRepository => "app";

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
            [new("rehearsal", ((ILocalEcs)this).OnLocalEcs(OnEcs("app"), productionPort: 5100, testPort: 5101)) { Promotion = 1 }];
    }

    private static EcsPlatformSettings OnEcs(string service) =>
        new() { Cluster = "app", Service = service, Region = "eu-west-1" };

    /// <summary>Runs <c>Workflows</c> on <paramref name="build"/> and answers the delivery workflow it wrote.</summary>
    private string DeliveryOf(PipelineBuild build)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, ["Workflows"], [], new BuildOptions { RootDirectory = _root, Output = output }).GetAwaiter().GetResult();
        Assert.True(code == 0, output.ToString());
        return File.ReadAllText(Path.Combine(_root, ".github", "workflows", "delivery.yml"));
    }

    [Fact]
    public void A_platform_outside_AWS_gives_its_deploy_job_its_own_sign_in_and_the_registry_gives_the_image_job_its_own()
    {
        var delivery = DeliveryOf(new Build());

        var image = delivery[delivery.IndexOf("  image:\n", StringComparison.Ordinal)..delivery.IndexOf("  deploy-dev:\n", StringComparison.Ordinal)];
        var deploy = delivery[delivery.IndexOf("  deploy-dev:\n", StringComparison.Ordinal)..];
        Assert.Contains("Sign in to the other cloud (registry)", image, StringComparison.Ordinal);
        Assert.Contains("Sign in to the other cloud (deploy)", deploy, StringComparison.Ordinal);
        Assert.Contains("uses: other-cloud/login@0123456789abcdef0123456789abcdef01234567 # v3.1.0", deploy, StringComparison.Ordinal);
        Assert.Contains("id-token: write", deploy, StringComparison.Ordinal);
        // What the sign-in reads reaches it through its step; the environment's other variables reach the build.
        Assert.Contains("      APP_URL: ${{ vars.APP_URL }}\n", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("OTHER_CLOUD_ACCOUNT: ${{", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("aws", delivery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_environment_whose_services_run_on_two_clouds_signs_in_to_each_once()
    {
        var environment = EnvironmentDeclaration.PerService("dev", service => service == "worker" ? new OtherCloudPlatformSettings() : OnEcs(service));

        var credentials = environment.DeployCredentials(["api", "web", "worker"]);

        Assert.NotNull(credentials);
        Assert.Equal(["Configure AWS credentials", "Sign in to the other cloud (deploy)"], credentials.Steps(new WorkflowOptions()).Select(s => s.Name));
        Assert.Equal([new PermissionScope("id-token", PermissionLevel.Write)], credentials.Permissions);
        Assert.Equal(["AWS_ROLE_ARN", "AWS_REGION", "OTHER_CLOUD_ACCOUNT"], credentials.Variables);
        Assert.Same(AwsRole.FromVariables, environment.DeployCredentials(["api", "web"]));
    }

    [Fact]
    public void Local_platforms_and_a_rehearsal_on_the_local_ECS_need_no_sign_in_and_a_declared_one_wins()
    {
        var ecs = OnEcs("app");
        Assert.Null(new EnvironmentDeclaration("local", new Pipeline.Deploy.Process.ProcessPlatformSettings()).DeployCredentials([]));
        Assert.Same(AwsRole.FromVariables, new EnvironmentDeclaration("dev", ecs).DeployCredentials([]));
        var declared = new OtherCloudLogin("declared");
        Assert.Same(declared, new EnvironmentDeclaration("dev", ecs) { Credentials = declared }.DeployCredentials([]));

        var delivery = DeliveryOf(new Rehearsal());
        Assert.Contains("  deploy-rehearsal:\n", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("id-token", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("configure-aws-credentials", delivery, StringComparison.Ordinal);
    }
}
