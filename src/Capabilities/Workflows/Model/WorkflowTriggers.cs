namespace Pipeline.Workflows.Model;

/// <summary>The <c>on:</c> section. Null members are not written.</summary>
public sealed record WorkflowTriggers
{
    public PushTrigger? Push { get; init; }
    public PullRequestTrigger? PullRequest { get; init; }

    /// <summary>Runs with the base repository's secrets: validation refuses it together with a checkout of the head.</summary>
    public PullRequestTrigger? PullRequestTarget { get; init; }

    public WorkflowDispatchTrigger? WorkflowDispatch { get; init; }

    /// <summary>Makes the workflow reusable by other workflows (<c>jobs.&lt;id&gt;.uses</c>).</summary>
    public WorkflowCallTrigger? WorkflowCall { get; init; }

    /// <summary>The events besides <c>workflow_dispatch</c> that start the workflow (push, pull_request, schedule…).</summary>
    public IReadOnlyList<string> OtherThanDispatch =>
    [
        .. Push is null ? Array.Empty<string>() : ["push"],
        .. PullRequest is null ? Array.Empty<string>() : ["pull_request"],
        .. PullRequestTarget is null ? Array.Empty<string>() : ["pull_request_target"],
        .. Schedule.Count == 0 ? Array.Empty<string>() : ["schedule"],
        .. WorkflowCall is null ? Array.Empty<string>() : ["workflow_call"],
    ];

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
