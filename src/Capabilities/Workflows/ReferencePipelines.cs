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

    /// <summary>Returns <c>--environment</c> to its previous successful release; the rollback workflow runs it.</summary>
    public string? Rollback { get; init; } = "Rollback";

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
            Rollback = Present(Rollback),
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

    /// <summary>The delivery workflow's <see cref="WorkflowDefinition.FileName"/>.</summary>
    public const string DeliveryWorkflow = "delivery";

    /// <summary>The promote workflow's <see cref="WorkflowDefinition.FileName"/>.</summary>
    public const string PromoteWorkflow = "promote";

    /// <summary>The rollback workflow's <see cref="WorkflowDefinition.FileName"/>.</summary>
    public const string RollbackWorkflow = "rollback";

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
    /// <param name="deliveryBranches">
    /// The branches whose pushes the image job builds from and that deploy the environments without their own
    /// <see cref="WorkflowEnvironment.DeployOn"/>; null: <c>main</c>.
    /// </param>
    /// <param name="imageCredentials">
    /// How the image jobs sign in to the registry they push to, as the registry's declaration says (an ECR registry:
    /// <see cref="AwsRole.FromVariables"/>); null: they need no credentials.
    /// </param>
    public static IReadOnlyList<WorkflowDefinition> All(
        IReadOnlyList<WorkflowEnvironment> environments,
        DeliveryTargets? targets = null,
        IReadOnlyList<string>? services = null,
        IReadOnlyList<string>? deliveryBranches = null,
        JobCredentials? imageCredentials = null) =>
        [.. new[]
        {
            PullRequest(targets),
            Delivery(environments, targets, services, deliveryBranches, imageCredentials),
            Promote(environments, targets, services),
            Rollback(environments, targets),
        }.Where(d => d.Jobs.Count > 0)];

    /// <summary>The delivery branches when the build names none.</summary>
    public static IReadOnlyList<string> DefaultDeliveryBranches { get; } = ["main"];

    /// <summary>The <c>if:</c> of a job that runs on pushes to <paramref name="branches"/> only.</summary>
    public static string OnBranches(IReadOnlyList<string> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        return string.Join(" || ", branches.Select(b => $"github.ref == 'refs/heads/{b}'"));
    }

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
    /// later pushes; each environment's <c>deploy-&lt;name&gt;</c> group lets one deploy run at a time (GitHub keeps one
    /// more pending per group and cancels an older pending one when a newer run queues — see docs/workflows.md).
    /// It runs on pushes to the delivery branches and to every branch an environment's <see cref="WorkflowEnvironment.DeployOn"/>
    /// names; each environment deploys on pushes to its own branches only (<c>if:</c>), after the environments of the
    /// levels before it that deploy from one of the same branches. Manual-only environments are left to <see cref="Promote"/>.
    /// The image jobs sign in with <paramref name="imageCredentials"/>, each deploy job with its environment's credentials.
    /// </summary>
    public static WorkflowDefinition Delivery(
        IReadOnlyList<WorkflowEnvironment> environments,
        DeliveryTargets? targets = null,
        IReadOnlyList<string>? services = null,
        IReadOnlyList<string>? deliveryBranches = null,
        JobCredentials? imageCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(environments);
        targets ??= new DeliveryTargets();
        services ??= [];
        var branches = deliveryBranches is { Count: > 0 } ? deliveryBranches : DefaultDeliveryBranches;
        var automatic = environments.Where(e => e.DeployedOnPush).ToList();
        IReadOnlyList<string> pushed = [.. branches, .. automatic.SelectMany(e => e.BranchesDeploying(branches))
            .Where(b => !branches.Contains(b, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var definition = Checks(new WorkflowDefinition(DeliveryWorkflow)
        {
            Name = "Delivery",
            On = new WorkflowTriggers { Push = new PushTrigger { Branches = pushed }, WorkflowDispatch = new WorkflowDispatchTrigger() },
            RepeatedTargets = targets.Repeated,
            CompileBuildOnce = true,
        }, targets, verifyWorkflows: false);
        IReadOnlyList<string> checks = [.. definition.Jobs.Select(j => j.Id)];
        IReadOnlyList<(string Job, string? Service)> images = targets.Push is null ? []
            : services.Count == 0 ? [(ImageJob, null)]
            : [.. services.Select(s => (ImageJobFor(s), (string?)s))];
        foreach (var (job, service) in images)
        {
            definition = definition.Job(job, [targets.Push!], needs: checks, outputs: [ImageOutput], credentials: imageCredentials,
                configure: image => image with
                {
                    If = OnBranches(pushed),
                    Checkout = CheckoutOptions.FullHistory,
                    Parameters = service is null ? image.Parameters : new Dictionary<string, string> { [ServiceParameter] = service },
                });
        }

        if (targets.Deploy is not { } deploy)
        {
            return definition;
        }

        // Without an image job each deploy builds what it deploys, after the checks, from its branches only.
        var image = images.Count == 0 ? null : new Dictionary<string, string> { ["image"] = ImagesParameter(images) };
        IReadOnlyList<string> imageJobs = [.. images.Select(i => i.Job)];
        IReadOnlyList<string> first = images.Count == 0 ? checks : imageJobs;
        var deployed = new List<WorkflowEnvironment>();
        foreach (var level in automatic.GroupBy(e => e.Promotion!.Value).OrderBy(g => g.Key))
        {
            foreach (var environment in level.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var own = environment.BranchesDeploying(branches);
                definition = definition.Deploy(
                    environment.JobId,
                    [deploy],
                    environment.Name,
                    needs: Needs(first, imageJobs, EnvironmentsBefore(environment, deployed, branches)),
                    parameters: image,
                    url: environment.Url ?? $"${{{{ steps.{Generation.WorkflowGenerator.BuildStepId}.outputs.url }}}}",
                    credentials: environment.Credentials,
                    configure: job => job with
                    {
                        Name = environment.NeedsApproval ? $"Deploy to {environment.Name} (approval required)" : $"Deploy to {environment.Name}",
                        If = targets.Push is null || !own.ToHashSet(StringComparer.Ordinal).SetEquals(pushed) ? OnBranches(own) : null,
                        // With an image job a deploy runs only its own target; else it builds what the deploy reads.
                        SkipDependencies = targets.Push is not null,
                        ReadsOutputsOf = environment.NeedsPublishedService && targets.Publish is { } publish ? [publish] : [],
                        Checkout = CheckoutOptions.FullHistory,
                        Env = DeployEnv(environment),
                    });
            }

            deployed.AddRange(level);
        }

        return definition;
    }

    /// <summary>
    /// The promote workflow (workflow_dispatch: an environment and an image already pushed): deploys that image to the
    /// environment through its GitHub environment (reviewers included), without building or testing again, and records
    /// the image's own version and commit (<c>--promote</c>: read from GitHub's record of the digest). Environments whose
    /// deploy starts the published service rather than an image cannot be promoted and are left out.
    /// </summary>
    public static WorkflowDefinition Promote(
        IReadOnlyList<WorkflowEnvironment> environments, DeliveryTargets? targets = null, IReadOnlyList<string>? services = null)
    {
        ArgumentNullException.ThrowIfNull(environments);
        targets ??= new DeliveryTargets();
        var promotable = Ordered(environments.Where(e => e.Promotable && !e.NeedsPublishedService));
        var definition = Dispatched(PromoteWorkflow, "Promote", promotable, targets, new WorkflowInput(ImageInput)
        {
            Required = true,
            Description = services is { Count: > 0 }
                ? "The images already pushed, one per service: <service>=<repository>@sha256:…, comma-separated"
                : "The image already pushed: <repository>@sha256:…",
        }) with
        {
            // The run's title is all GitHub's API tells of a dispatched run's inputs: Approve reads the digest there.
            RunName = PromoteRunName,
        };
        if (targets.Deploy is not { } deploy || targets.Push is null)
        {
            return definition;
        }

        foreach (var environment in promotable)
        {
            definition = definition.Deploy(
                environment.JobId,
                [deploy],
                environment.Name,
                parameters: new Dictionary<string, string> { ["image"] = $"${{{{ inputs.{ImageInput} }}}}", [PromoteParameter] = "true" },
                url: environment.Url ?? $"${{{{ steps.{Generation.WorkflowGenerator.BuildStepId}.outputs.url }}}}",
                condition: $"inputs.{EnvironmentInput} == '{environment.Name}'",
                credentials: environment.Credentials,
                configure: job => job with
                {
                    Name = $"Promote to {environment.Name}",
                    SkipDependencies = true,
                    DependenciesRanInEarlierRun = true,
                    Checkout = CheckoutOptions.FullHistory,
                    Env = DeployEnv(environment),
                });
        }

        return definition;
    }

    /// <summary>
    /// The rollback workflow (workflow_dispatch: an environment): <c>./build.sh Rollback</c> through the environment's
    /// GitHub environment, which puts its previous successful release back and records it on GitHub.
    /// </summary>
    public static WorkflowDefinition Rollback(IReadOnlyList<WorkflowEnvironment> environments, DeliveryTargets? targets = null)
    {
        ArgumentNullException.ThrowIfNull(environments);
        targets ??= new DeliveryTargets();
        var reachable = Ordered(environments.Where(e => e.Promotable));
        var definition = Dispatched(RollbackWorkflow, "Rollback", reachable, targets);
        if (targets.Rollback is not { } rollback)
        {
            return definition;
        }

        foreach (var environment in reachable)
        {
            definition = definition.Deploy(
                environment.RollbackJobId,
                [rollback],
                environment.Name,
                url: environment.Url,
                condition: $"inputs.{EnvironmentInput} == '{environment.Name}'",
                credentials: environment.Credentials,
                configure: job => job with
                {
                    Name = $"Roll back {environment.Name}",
                    Checkout = CheckoutOptions.FullHistory,
                    Env = DeployEnv(environment),
                });
        }

        return definition;
    }

    /// <summary>The dispatch inputs of the promote and rollback workflows.</summary>
    public const string EnvironmentInput = "environment";

    /// <summary>The promote workflow's input naming the image(s) to deploy.</summary>
    public const string ImageInput = "image";

    /// <summary>The promote run's title: the images it deploys and where (what <c>Approve</c> shows a reviewer).</summary>
    public const string PromoteRunName = $"Promote ${{{{ inputs.{ImageInput} }}}} to ${{{{ inputs.{EnvironmentInput} }}}}";

    /// <summary>The deploy parameter a promotion passes: the release is the image's own, read from GitHub's record.</summary>
    public const string PromoteParameter = "promote";

    private static List<WorkflowEnvironment> Ordered(IEnumerable<WorkflowEnvironment> environments) =>
        [.. environments.OrderBy(e => e.Promotion ?? int.MaxValue).ThenBy(e => e.Name, StringComparer.Ordinal)];

    private static WorkflowDefinition Dispatched(
        string file, string name, IReadOnlyList<WorkflowEnvironment> environments, DeliveryTargets targets, params WorkflowInput[] inputs) =>
        new(file)
        {
            Name = name,
            On = new WorkflowTriggers
            {
                WorkflowDispatch = new WorkflowDispatchTrigger
                {
                    Inputs =
                    [
                        new WorkflowInput(EnvironmentInput, WorkflowInputType.Choice)
                        {
                            Required = true,
                            Description = "The environment",
                            Options = [.. environments.Select(e => e.Name)],
                        },
                        .. inputs,
                    ],
                },
            },
            RepeatedTargets = targets.Repeated,
            CompileBuildOnce = true,
        };

    /// <summary>A deploy follows the image jobs and the environments before it; the first level follows the image jobs (or the checks).</summary>
    private static IReadOnlyList<string> Needs(IReadOnlyList<string> first, IReadOnlyList<string> imageJobs, IEnumerable<WorkflowEnvironment> before) =>
        before.Select(e => e.JobId).ToList() is { Count: > 0 } environments ? [.. imageJobs, .. environments] : first;

    /// <summary>
    /// The environments a deploy to <paramref name="environment"/> follows: of the earlier promotion levels that deploy
    /// from one of its branches, the latest level (a job needing one that its branch skips would be skipped too).
    /// </summary>
    private static IEnumerable<WorkflowEnvironment> EnvironmentsBefore(
        WorkflowEnvironment environment, IReadOnlyList<WorkflowEnvironment> deployed, IReadOnlyList<string> branches)
    {
        var own = environment.BranchesDeploying(branches);
        var sharing = deployed.Where(e => e.BranchesDeploying(branches).Intersect(own, StringComparer.Ordinal).Any()).ToList();
        return sharing.Count == 0 ? [] : sharing.Where(e => e.Promotion == sharing.Max(s => s.Promotion)).OrderBy(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The <c>--image</c> a deploy passes: the image job's digest, or <c>&lt;service&gt;=&lt;digest&gt;</c> per service, comma-separated.</summary>
    private static string ImagesParameter(IReadOnlyList<(string Job, string? Service)> images) =>
        string.Join(',', images.Select(i => i.Service is null
            ? Expressions.JobOutput(i.Job, ImageOutput)
            : $"{i.Service}={Expressions.JobOutput(i.Job, ImageOutput)}"));

    /// <summary>The environment's variables under their own names (one not set on GitHub arrives empty); the token reaches the deploy step alone.</summary>
    private static Dictionary<string, string> DeployEnv(WorkflowEnvironment environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
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
