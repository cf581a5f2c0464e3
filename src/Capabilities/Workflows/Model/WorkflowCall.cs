namespace Pipeline.Workflows.Model;

/// <summary>
/// A job that runs a reusable workflow (<c>jobs.&lt;id&gt;.uses</c>): a local one (<c>./.github/workflows/x.yml</c>)
/// or another repository's pinned to a full commit SHA (<c>owner/repo/.github/workflows/x.yml@sha</c>).
/// </summary>
public sealed record WorkflowCall(string Workflow)
{
    /// <summary>Inputs of the called workflow (<c>with:</c>).</summary>
    public IReadOnlyDictionary<string, string> With { get; init; } = Maps.Empty;

    /// <summary>Secrets passed by name (<c>secrets:</c>); ignored when <see cref="InheritSecrets"/>.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = Maps.Empty;

    /// <summary><c>secrets: inherit</c>: the called workflow gets every secret of the caller.</summary>
    public bool InheritSecrets { get; init; }

    public bool IsLocal => Workflow.StartsWith("./", StringComparison.Ordinal);
}
