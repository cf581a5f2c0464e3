namespace Pipeline.Workflows.Model;

public enum WorkflowInputType
{
    String,
    Boolean,
    Number,
    Choice,
    Environment,
}

/// <summary>A typed <c>workflow_dispatch</c> input. <see cref="Options"/> applies to <see cref="WorkflowInputType.Choice"/>.</summary>
public sealed record WorkflowInput(string Name, WorkflowInputType Type = WorkflowInputType.String)
{
    public string? Description { get; init; }
    public bool Required { get; init; }
    public string? Default { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
}
