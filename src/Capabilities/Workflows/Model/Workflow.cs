namespace Pipeline.Workflows.Model;

/// <summary>
/// A GitHub Actions workflow as immutable data. <see cref="Yaml.WorkflowYamlWriter"/> turns it into YAML; maps are
/// written with their keys sorted (ordinal), so the output does not depend on the dictionary type used.
/// </summary>
public sealed record Workflow(string Name)
{
    /// <summary>The <c>run-name</c> expression; GitHub's default title (the commit message, or the workflow) when null.</summary>
    public string? RunName { get; init; }

    public WorkflowTriggers On { get; init; } = new();

    /// <summary>Workflow-level permissions; the default grants nothing, so each job states what it needs.</summary>
    public Permissions? Permissions { get; init; } = Model.Permissions.None;

    public Concurrency? Concurrency { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = Maps.Empty;

    /// <summary>Jobs in the order they are written.</summary>
    public IReadOnlyList<Job> Jobs { get; init; } = [];
}
