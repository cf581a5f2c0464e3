using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows;

/// <summary>
/// The target names the reference pipelines run; override any that the build names differently. A null name leaves its
/// job out (<see cref="Within"/> nulls the targets a build does not have).
/// </summary>
public sealed record DeliveryTargets
{
    public string? Lint { get; init; } = "Lint";
    public string? Test { get; init; } = "Test";
    public string? Integration { get; init; } = "Integration";

    /// <summary>Builds and pushes the image once; writes <c>image=&lt;repository&gt;@sha256:…</c> to <c>$GITHUB_OUTPUT</c>.</summary>
    public string? Push { get; init; } = "Push";

    /// <summary>Deploys <c>--image</c> to <c>--environment</c>; may write <c>url=…</c> to <c>$GITHUB_OUTPUT</c>.</summary>
    public string? Deploy { get; init; } = "Deploy";

    /// <summary>Writes the published service, which a deploy to a process platform starts.</summary>
    public string? Publish { get; init; } = "Publish";

    /// <summary>Regenerates the workflows; the pull-request workflow runs it with <c>--verify</c>. Null: not run.</summary>
    public string? Workflows { get; init; } = "Workflows";

    /// <summary>Targets every job runs again rather than skips (their output stays on the runner).</summary>
    public IReadOnlyList<string> Repeated { get; init; } = ["Restore", "Compile"];

    /// <summary>
    /// These targets as far as <paramref name="graph"/> has them: a target the build lacks becomes null (its job is left
    /// out) and leaves <see cref="Repeated"/>, so the reference pipelines generate for any build.
    /// </summary>
    public DeliveryTargets Within(TargetGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string? Present(string? target) => target is not null && graph.Contains(target) ? target : null;
        return this with
        {
            Lint = Present(Lint),
            Test = Present(Test),
            Integration = Present(Integration),
            Push = Present(Push),
            Deploy = Present(Deploy),
            Publish = Present(Publish),
            Workflows = Present(Workflows),
            Repeated = [.. Repeated.Where(graph.Contains)],
        };
    }
}

/// <summary>
/// This repository's pipeline as ready-made definitions: a pull-request workflow (lint and workflow freshness, test,
/// integration) and the delivery workflow — lint, test and integration in parallel, then the image built and pushed once
/// from main (one image job per service, in parallel, when the build declares services), then the same digests deployed
/// to each declared environment in promotion order, one deploy job per environment (a GitHub environment with required
/// reviewers is the approval gate). A job whose target is null in <see cref="DeliveryTargets"/> is left out, and a
/// workflow left without jobs is not generated.
/// </summary>
public static class ReferencePipelines
{
    public const string ImageJob = "image";
    public const string ImageOutput = "image";
    public const string MainBranch = "github.ref == 'refs/heads/main'";

    /// <summary>The parameter an image job passes to name the service it builds and pushes (<c>--service</c>).</summary>
    public const string ServiceParameter = "service";

    /// <summary>The image job of one declared service: <c>image-&lt;service&gt;</c>.</summary>
    public static string ImageJobFor(string service) => $"{ImageJob}-{service}";

    /// <param name="environments">The environments the delivery workflow deploys to, in their promotion order.</param>
    /// <param name="targets">The target names the jobs run.</param>
    /// <param name="services">
    /// The services the build declares: one image job each (<c>Push --service &lt;name&gt;</c>), and each deploy passes
    /// <c>--image &lt;name&gt;=&lt;digest&gt;,…</c>. Empty: the build's single image, in the <c>image</c> job.
    /// </param>
    public static IReadOnlyList<WorkflowDefinition> All(
        IReadOnlyList<DeliveryEnvironment> environments, DeliveryTargets? targets = null, IReadOnlyList<string>? services = null) =>
        [.. new[] { PullRequest(targets), Delivery(environments, targets, services) }.Where(d => d.Jobs.Count > 0)];

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
    public static WorkflowDefinition Delivery(
        IReadOnlyList<DeliveryEnvironment> environments, DeliveryTargets? targets = null, IReadOnlyList<string>? services = null)
    {
        targets ??= new DeliveryTargets();
        services ??= [];
        var definition = Checks(new WorkflowDefinition("delivery")
        {
            Name = "Delivery",
            On = new WorkflowTriggers { Push = new PushTrigger { Branches = ["main"] }, WorkflowDispatch = new WorkflowDispatchTrigger() },
            RepeatedTargets = targets.Repeated,
            CompileBuildOnce = true,
        }, targets, verifyWorkflows: false);
        IReadOnlyList<string> checks = [.. definition.Jobs.Select(j => j.Id)];
        IReadOnlyList<(string Job, string? Service)> images = targets.Push is null ? []
            : services.Count == 0 ? [(ImageJob, null)]
            : [.. services.Select(s => (ImageJobFor(s), (string?)s))];
        foreach (var (job, service) in images)
        {
            definition = definition.Job(job, [targets.Push!], needs: checks, outputs: [ImageOutput], credentials: AwsRole.FromVariables,
                configure: image => image with
                {
                    If = MainBranch,
                    Checkout = CheckoutOptions.FullHistory,
                    Parameters = service is null ? image.Parameters : new Dictionary<string, string> { [ServiceParameter] = service },
                });
        }

        if (targets.Deploy is not { } deploy)
        {
            return definition;
        }

        // Without an image job each deploy builds what it deploys, after the checks, from main only.
        var image = images.Count == 0 ? null : new Dictionary<string, string> { ["image"] = ImagesParameter(images) };
        IReadOnlyList<string> imageJobs = [.. images.Select(i => i.Job)];
        IReadOnlyList<string> previous = images.Count == 0 ? checks : imageJobs;
        foreach (var level in environments.Where(e => e.Promotion is not null).GroupBy(e => e.Promotion!.Value).OrderBy(g => g.Key))
        {
            foreach (var environment in level.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                definition = definition.Deploy(
                    environment.JobId,
                    [deploy],
                    environment.Name,
                    needs: previous,
                    parameters: image,
                    url: environment.Url ?? $"${{{{ steps.{Generation.WorkflowGenerator.BuildStepId}.outputs.url }}}}",
                    credentials: environment.Credentials,
                    configure: job => job with
                    {
                        Name = environment.NeedsApproval ? $"Deploy to {environment.Name} (approval required)" : $"Deploy to {environment.Name}",
                        If = targets.Push is null ? MainBranch : null,
                        // With an image job a deploy runs only its own target; else it builds what the deploy reads.
                        SkipDependencies = targets.Push is not null,
                        ReadsOutputsOf = environment.NeedsPublishedService && targets.Publish is { } publish ? [publish] : [],
                        Checkout = CheckoutOptions.FullHistory,
                        // The deploy records its GitHub deployment and statuses with the job's own token, and nothing more.
                        Permissions = Permissions.ContentsRead.With("deployments", PermissionLevel.Write),
                        Env = DeployEnv(environment),
                    });
            }

            previous = [.. imageJobs, .. level.Select(e => e.JobId).Order(StringComparer.Ordinal)];
        }

        return definition;
    }

    /// <summary>The <c>--image</c> a deploy passes: the image job's digest, or <c>&lt;service&gt;=&lt;digest&gt;</c> per service, comma-separated.</summary>
    private static string ImagesParameter(IReadOnlyList<(string Job, string? Service)> images) =>
        string.Join(',', images.Select(i => i.Service is null
            ? Expressions.JobOutput(i.Job, ImageOutput)
            : $"{i.Service}={Expressions.JobOutput(i.Job, ImageOutput)}"));

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

    /// <summary>The lint (with the workflows' freshness on pull requests), test and integration jobs of the targets there are.</summary>
    private static WorkflowDefinition Checks(WorkflowDefinition definition, DeliveryTargets targets, bool verifyWorkflows)
    {
        var workflows = verifyWorkflows ? targets.Workflows : null;
        string[] lint = [.. new[] { targets.Lint, workflows }.OfType<string>()];
        if (lint.Length > 0)
        {
            definition = definition.Job("lint", lint, configure: job => workflows is not null
                ? job with { Parameters = new Dictionary<string, string> { ["verify"] = "true" } }
                : job);
        }

        if (targets.Test is { } test)
        {
            definition = definition.Job("test", [test], testReports: true);
        }

        return targets.Integration is { } integration ? definition.Job("integration", [integration], testReports: true) : definition;
    }
}
