namespace Pipeline.Workflows.IntegrationTests.Runner;

public enum JobConclusion
{
    Success,
    Failure,
    Skipped,
}

/// <summary>How one job ended: its outputs, the log of its steps, and for a failure the step and why.</summary>
public sealed record JobOutcome(string Job, JobConclusion Conclusion, IReadOnlyDictionary<string, string> Outputs, string Log)
{
    public string? FailedStep { get; init; }

    public override string ToString() => $"{Job}: {Conclusion}{(FailedStep is null ? "" : $" at step '{FailedStep}'")}";
}
