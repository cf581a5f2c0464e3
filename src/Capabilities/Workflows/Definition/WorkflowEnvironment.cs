namespace Pipeline.Workflows.Definition;

/// <summary>
/// An environment as the workflow generator sees it: what the delivery workflow needs to know about it (the deploy
/// job's name, order and gate, and what deploying there reads), mapped from the build's environment declaration
/// (<c>IHaveEnvironments</c>). The declaration itself is <c>EnvironmentDeclaration</c>; the GitHub side
/// <c>GitHubEnvironmentSpec</c>.
/// </summary>
/// <param name="Name">The environment, as <c>--environment</c> and the GitHub environment name.</param>
public sealed record WorkflowEnvironment(string Name)
{
    /// <summary>Place in the promotion order (1 deploys first, the same digest then goes to 2…); null: never deployed by the delivery workflow.</summary>
    public int? Promotion { get; init; }

    /// <summary>Shown on the deploy job and the GitHub deployment; null: the URL the deploy step writes as its <c>url</c> output.</summary>
    public string? Url { get; init; }

    /// <summary>
    /// What deploys it: pushes to some branches, or only a dispatch of the <c>promote</c> workflow
    /// (<see cref="DeployTrigger.Manual"/>). Null: pushes to the delivery branches, in <see cref="Promotion"/> order.
    /// </summary>
    public DeployTrigger? DeployOn { get; init; }

    /// <summary>The GitHub environment has required reviewers: its deploy job waits for an approval.</summary>
    public bool NeedsApproval { get; init; }

    /// <summary>
    /// Deploying there starts the published service from the build's output (a process platform), rather than only an
    /// image already pushed (<c>--image repository@sha256:…</c>): the deploy job reads what the publish target wrote.
    /// </summary>
    public bool NeedsPublishedService { get; init; }

    /// <summary>How the deploy job signs in to the environment's cloud (an AWS role from the GitHub environment's variables…); null: none.</summary>
    public JobCredentials? Credentials { get; init; }

    /// <summary>
    /// The GitHub environment's configuration variables the deploy reads (values that differ per repository, e.g. its
    /// URLs): each reaches the deploy job as an environment variable of the same name (<c>NAME: ${{ vars.NAME }}</c>).
    /// </summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>The deploy job's id: <c>deploy-&lt;name&gt;</c>.</summary>
    public string JobId => $"deploy-{Name}";

    /// <summary>The rollback workflow's job for it: <c>rollback-&lt;name&gt;</c>.</summary>
    public string RollbackJobId => $"rollback-{Name}";

    /// <summary>The delivery workflow deploys it on pushes (it has a promotion order and is not manual only).</summary>
    public bool DeployedOnPush => Promotion is not null && DeployOn is not { IsManual: true };

    /// <summary>The promote and rollback workflows can reach it: the delivery workflow deploys it, or it is manual only.</summary>
    public bool Promotable => Promotion is not null || DeployOn is { IsManual: true };

    /// <summary>The branches whose pushes deploy it: its own trigger's, else <paramref name="deliveryBranches"/>; none when manual only.</summary>
    public IReadOnlyList<string> BranchesDeploying(IReadOnlyList<string> deliveryBranches) =>
        !DeployedOnPush ? [] : DeployOn?.Branches ?? deliveryBranches;
}
