namespace Pipeline.Workflows.Model;

/// <summary>The <c>on:</c> section. Null members are not written.</summary>
public sealed record WorkflowTriggers
{
    public PushTrigger? Push { get; init; }
    public PullRequestTrigger? PullRequest { get; init; }

    /// <summary>Runs with the base repository's secrets: validation refuses it together with a checkout of the head.</summary>
    public PullRequestTrigger? PullRequestTarget { get; init; }

    public WorkflowDispatchTrigger? WorkflowDispatch { get; init; }

    /// <summary>Cron expressions (UTC), each written as <c>- cron: '…'</c>.</summary>
    public IReadOnlyList<string> Schedule { get; init; } = [];
}

public sealed record PushTrigger
{
    public IReadOnlyList<string> Branches { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> PathsIgnore { get; init; } = [];
}

public sealed record PullRequestTrigger
{
    public IReadOnlyList<string> Branches { get; init; } = [];
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> PathsIgnore { get; init; } = [];

    /// <summary>Activity types, e.g. <c>opened</c>, <c>synchronize</c>; empty means GitHub's default.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
}

public sealed record WorkflowDispatchTrigger
{
    public IReadOnlyList<WorkflowInput> Inputs { get; init; } = [];
}
