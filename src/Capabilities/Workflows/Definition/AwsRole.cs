using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Definition;

/// <summary>
/// A job assumes an AWS role through GitHub's OIDC token (no access keys): the job gets <c>id-token: write</c> and an
/// <c>aws-actions/configure-aws-credentials</c> step reading the role ARN and region from configuration variables — per
/// GitHub environment on deploy jobs, so each environment assumes its own role. The AWS platforms' settings (ECS,
/// Lambda) answer it for their deploy jobs, an ECR registry for the image job.
/// </summary>
public sealed record AwsRole(string RoleVariable = "AWS_ROLE_ARN", string RegionVariable = "AWS_REGION") : JobCredentials
{
    public static AwsRole FromVariables { get; } = new();

    private static readonly IReadOnlyList<PermissionScope> IdToken = [new("id-token", PermissionLevel.Write)];

    public override IReadOnlyList<PermissionScope> Permissions => IdToken;

    public override IReadOnlyList<string> Variables => [RoleVariable, RegionVariable];

    public override IEnumerable<Step> Steps(WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return Step.Action("Configure AWS credentials", options.Pins.ConfigureAwsCredentials, new Dictionary<string, string>
        {
            ["role-to-assume"] = Expressions.Variable(RoleVariable),
            ["aws-region"] = Expressions.Variable(RegionVariable),
        });
    }
}
