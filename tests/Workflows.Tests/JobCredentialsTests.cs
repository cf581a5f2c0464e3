using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Tests;

/// <summary>A deploy job's credentials come from its environment's declaration: the generator knows no cloud.</summary>
public sealed class JobCredentialsTests
{
    /// <summary>A cloud outside AWS: a login command reading a token the job's OIDC permission grants.</summary>
    private sealed record OtherCloudLogin : JobCredentials
    {
        public override IReadOnlyList<PermissionScope> Permissions { get; } = [new("id-token", PermissionLevel.Write), new("packages", PermissionLevel.Read)];

        public override IReadOnlyList<string> Variables => ["OTHER_CLOUD_ACCOUNT"];

        public override IEnumerable<Step> Steps(WorkflowOptions options)
        {
            yield return Step.Script("Sign in to the other cloud", "other-cloud login --account \"$OTHER_CLOUD_ACCOUNT\"");
        }
    }

    [Fact]
    public void A_deploy_job_gets_the_steps_and_permissions_of_its_environments_credentials_after_everything_that_builds()
    {
        IReadOnlyList<WorkflowEnvironment> environments =
        [
            new("dev") { Promotion = 1, Credentials = new OtherCloudLogin() },
            new("prod") { Promotion = 2, Credentials = AwsRole.FromVariables },
        ];
        var definitions = ReferencePipelines.All(environments, new DeliveryTargets().Within(SampleGraph.Create()));
        var generation = new WorkflowFiles(SampleGraph.Create(), definitions, new() { Environments = environments }).Generate();

        Assert.DoesNotContain(generation.Findings, f => f.Severity == FindingSeverity.Error);
        var delivery = generation.Files[".github/workflows/delivery.yml"];
        var dev = delivery[delivery.IndexOf("  deploy-dev:", StringComparison.Ordinal)..delivery.IndexOf("  deploy-prod:", StringComparison.Ordinal)];
        var prod = delivery[delivery.IndexOf("  deploy-prod:", StringComparison.Ordinal)..];

        Assert.Contains("packages: read", dev, StringComparison.Ordinal);
        Assert.Contains("id-token: write", dev, StringComparison.Ordinal);
        Assert.Contains("other-cloud login", dev, StringComparison.Ordinal);
        Assert.DoesNotContain("configure-aws-credentials", dev, StringComparison.Ordinal);
        Assert.True(
            dev.IndexOf("(no credentials)", StringComparison.Ordinal) is var build and >= 0 && build < dev.IndexOf("other-cloud login", StringComparison.Ordinal),
            $"the sign-in must follow everything that builds:\n{dev}");
        Assert.Contains("configure-aws-credentials", prod, StringComparison.Ordinal);
        Assert.DoesNotContain("other-cloud", prod, StringComparison.Ordinal);
    }
}
