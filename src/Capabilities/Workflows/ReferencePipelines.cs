using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows;

/// <summary>The target names the reference pipelines run; override any that the build names differently.</summary>
public sealed record DeliveryTargets
{
    public string Lint { get; init; } = "Lint";
    public string Test { get; init; } = "Test";
    public string Integration { get; init; } = "Integration";

    /// <summary>Builds and pushes the image once; writes <c>image=&lt;repository&gt;@sha256:…</c> to <c>$GITHUB_OUTPUT</c>.</summary>
    public string Push { get; init; } = "Push";

    /// <summary>Deploys <c>--image</c> to <c>--environment</c>; may write <c>url=…</c> to <c>$GITHUB_OUTPUT</c>.</summary>
    public string Deploy { get; init; } = "Deploy";

    /// <summary>Targets every job runs again rather than skips (their output stays on the runner).</summary>
    public IReadOnlyList<string> Repeated { get; init; } = ["Restore", "Compile"];
}

/// <summary>
/// This repository's pipeline as ready-made definitions: a pull-request workflow (lint, test, integration) and the
/// delivery workflow — lint, test and integration in parallel, then the image built and pushed once, then the same
/// digest deployed to dev (automatically on main), staging and production (its GitHub environment is the approval gate).
/// </summary>
public static class ReferencePipelines
{
    public const string ImageJob = "image";
    public const string ImageOutput = "image";

    public static IReadOnlyList<WorkflowDefinition> All(DeliveryTargets? targets = null) => [PullRequest(targets), Delivery(targets)];

    public static WorkflowDefinition PullRequest(DeliveryTargets? targets = null)
    {
        targets ??= new DeliveryTargets();
        return Checks(new WorkflowDefinition("pull-request")
        {
            Name = "Pull request",
            On = new WorkflowTriggers { PullRequest = new PullRequestTrigger { Branches = ["main"] } },
            Concurrency = new Concurrency("pull-request-${{ github.ref }}", CancelInProgress: true),
            RepeatedTargets = targets.Repeated,
        }, targets);
    }

    public static WorkflowDefinition Delivery(DeliveryTargets? targets = null)
    {
        targets ??= new DeliveryTargets();
        var image = new Dictionary<string, string> { ["image"] = Expressions.JobOutput(ImageJob, ImageOutput) };
        const string url = "${{ steps.build.outputs.url }}";
        return Checks(new WorkflowDefinition("delivery")
        {
            Name = "Delivery",
            On = new WorkflowTriggers { Push = new PushTrigger { Branches = ["main"] }, WorkflowDispatch = new WorkflowDispatchTrigger() },
            // Runs queue rather than cancel each other: a cancelled run could stop between two environments.
            Concurrency = new Concurrency("delivery-${{ github.ref }}", CancelInProgress: false),
            RepeatedTargets = targets.Repeated,
        }, targets)
            .Job(ImageJob, [targets.Push], needs: ["lint", "test", "integration"], outputs: [ImageOutput], aws: AwsRole.FromVariables)
            .Deploy("deploy-dev", [targets.Deploy], "dev", parameters: image, url: url, condition: "github.ref == 'refs/heads/main'", aws: AwsRole.FromVariables)
            .Deploy("deploy-staging", [targets.Deploy], "staging", needs: ["deploy-dev"], parameters: image, url: url, aws: AwsRole.FromVariables)
            .Deploy("deploy-production", [targets.Deploy], "production", needs: ["deploy-staging"], parameters: image, url: url, aws: AwsRole.FromVariables);
    }

    private static WorkflowDefinition Checks(WorkflowDefinition definition, DeliveryTargets targets) => definition
        .Job("lint", [targets.Lint])
        .Job("test", [targets.Test], testReports: true)
        .Job("integration", [targets.Integration], testReports: true);
}
