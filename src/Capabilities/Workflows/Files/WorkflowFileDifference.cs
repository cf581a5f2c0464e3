namespace Pipeline.Workflows.Files;

public enum WorkflowFileState
{
    /// <summary>The committed file differs from what the C# declaration generates.</summary>
    Stale,

    /// <summary>The declaration generates a file that is not there.</summary>
    Missing,

    /// <summary>A generated file (it carries the header) that no declaration generates any more.</summary>
    Extra,
}

/// <summary>One file out of date, with a unified diff from the file on disk to what would be written.</summary>
public sealed record WorkflowFileDifference(string Path, WorkflowFileState State, string Diff)
{
    public override string ToString() => State switch
    {
        WorkflowFileState.Stale => $"{Path} is out of date with the C# declaration; run ./build.sh Workflows and commit it",
        WorkflowFileState.Missing => $"{Path} is missing; run ./build.sh Workflows and commit it",
        _ => $"{Path} was generated but is no longer declared; run ./build.sh Workflows to delete it",
    };
}
