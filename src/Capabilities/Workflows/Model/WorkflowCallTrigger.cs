namespace Pipeline.Workflows.Model;

/// <summary><c>on: workflow_call</c>: the workflow is reusable; callers pass <see cref="Inputs"/> and <see cref="Secrets"/>.</summary>
public sealed record WorkflowCallTrigger
{
    /// <summary>Typed inputs (<see cref="WorkflowInputType.String"/>, <see cref="WorkflowInputType.Boolean"/> or <see cref="WorkflowInputType.Number"/>).</summary>
    public IReadOnlyList<WorkflowInput> Inputs { get; init; } = [];

    public IReadOnlyList<WorkflowCallSecret> Secrets { get; init; } = [];

    /// <summary>Outputs of the workflow, each an expression reading a job output (<c>${{ jobs.build.outputs.image }}</c>).</summary>
    public IReadOnlyList<WorkflowCallOutput> Outputs { get; init; } = [];
}

public sealed record WorkflowCallSecret(string Name)
{
    public string? Description { get; init; }
    public bool Required { get; init; }
}

public sealed record WorkflowCallOutput(string Name, string Value)
{
    public string? Description { get; init; }
}
