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

    /// <summary>Writes the published service, which a deploy to a process platform starts.</summary>
    public string Publish { get; init; } = "Publish";

    /// <summary>Regenerates the workflows; the pull-request workflow runs it with <c>--verify</c>. Null: not run.</summary>
    public string? Workflows { get; init; } = "Workflows";

    /// <summary>Targets every job runs again rather than skips (their output stays on the runner).</summary>
    public IReadOnlyList<string> Repeated { get; init; } = ["Restore", "Compile"];
}

/// <summary>
/// This repository's pipeline as ready-made definitions: a pull-request workflow (lint and workflow freshness, test,
/// integration) and the delivery workflow — lint, test and integration in parallel, then the image built and pushed once
/// from main, then the same digest deployed to each declared environment in promotion order (a GitHub environment with
/// required reviewers is the approval gate).
/// </summary>
public static class ReferencePipelines
{
    public const string ImageJob = "image";
    public const string ImageOutput = "image";
    public const string MainBranch = "github.ref == 'refs/heads/main'";

    public static IReadOnlyList<WorkflowDefinition> All(IReadOnlyList<DeliveryEnvironment> environments, DeliveryTargets? targets = null) =>
        [PullRequest(targets), Delivery(environments, targets)];

    public static WorkflowDefinition PullRequest(DeliveryTargets? targets = null)
    {
        targets ??= new DeliveryTargets();
        return Checks(new WorkflowDefinition("pull-request")
        {
            Name = "Pull request",
            On = new WorkflowTriggers { PullRequest = new PullRequestTrigger { Branches = ["main"] } },
            Concurrency = new Concurrency("pull-request-${{ github.ref }}", CancelInProgress: true),
            RepeatedTargets = targets.Repeated,
        }, targets, verifyWorkflows: true);
    }

    /// <summary>
    /// The delivery workflow. No workflow-level concurrency: a production deploy waiting for approval must not hold
    /// later pushes; each environment's <c>deploy-&lt;name&gt;</c> group serialises its deploys and never cancels one.
    /// Environments with the same promotion deploy in parallel; each level needs every job of the level before.
    /// </summary>
    public static WorkflowDefinition Delivery(IReadOnlyList<DeliveryEnvironment> environments, DeliveryTargets? targets = null)
    {
        targets ??= new DeliveryTargets();
        var definition = Checks(new WorkflowDefinition("delivery")
        {
            Name = "Delivery",
            On = new WorkflowTriggers { Push = new PushTrigger { Branches = ["main"] }, WorkflowDispatch = new WorkflowDispatchTrigger() },
            RepeatedTargets = targets.Repeated,
        }, targets, verifyWorkflows: false)
            .Job(ImageJob, [targets.Push], needs: ["lint", "test", "integration"], outputs: [ImageOutput], aws: AwsRole.FromVariables,
                configure: job => job with { If = MainBranch, Checkout = CheckoutOptions.FullHistory });

        var image = new Dictionary<string, string> { ["image"] = Expressions.JobOutput(ImageJob, ImageOutput) };
        IReadOnlyList<string> previous = [];
        foreach (var level in environments.Where(e => e.Promotion is not null).GroupBy(e => e.Promotion!.Value).OrderBy(g => g.Key))
        {
            foreach (var environment in level.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                definition = definition.Deploy(
                    environment.JobId,
                    [targets.Deploy],
                    environment.Name,
                    needs: [ImageJob, .. previous],
                    parameters: image,
                    url: environment.Url ?? $"${{{{ steps.{Generation.WorkflowGenerator.BuildStepId}.outputs.url }}}}",
                    aws: environment.Aws,
                    configure: job => job with
                    {
                        Name = environment.NeedsApproval ? $"Deploy to {environment.Name} (approval required)" : $"Deploy to {environment.Name}",
                        SkipDependencies = true,
                        ReadsOutputsOf = environment.NeedsPublishedService ? [targets.Publish] : [],
                        Checkout = CheckoutOptions.FullHistory,
                        // The deploy records its GitHub deployment and statuses with the job's own token, and nothing more.
                        Permissions = Permissions.ContentsRead.With("deployments", PermissionLevel.Write),
                        Env = DeployEnv(environment),
                    });
            }

            previous = [.. level.Select(e => e.JobId).Order(StringComparer.Ordinal)];
        }

        return definition;
    }

    /// <summary>The deploy job's token, and the environment's variables under their own names (one not set on GitHub arrives empty).</summary>
    private static Dictionary<string, string> DeployEnv(DeliveryEnvironment environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["GITHUB_TOKEN"] = "${{ github.token }}" };
        foreach (var name in environment.Variables)
        {
            env[name] = Expressions.Variable(name);
        }

        return env;
    }

    private static WorkflowDefinition Checks(WorkflowDefinition definition, DeliveryTargets targets, bool verifyWorkflows) => definition
        .Job("lint", verifyWorkflows && targets.Workflows is { } workflows ? [targets.Lint, workflows] : [targets.Lint], configure: job => verifyWorkflows && targets.Workflows is not null
            ? job with { Parameters = new Dictionary<string, string> { ["verify"] = "true" } }
            : job)
        .Job("test", [targets.Test], testReports: true)
        .Job("integration", [targets.Integration], testReports: true);
}
