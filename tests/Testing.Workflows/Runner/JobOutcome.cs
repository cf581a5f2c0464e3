namespace Pipeline.Testing.Workflows.Runner;

public enum JobConclusion
{
    Success,
    Failure,
    Skipped,

    /// <summary>Cancelled before it ran: a newer job of its concurrency group took its pending place.</summary>
    Cancelled,
}

/// <summary>How one job ended: its outputs, the log of its steps, and for a failure the step and why.</summary>
public sealed record JobOutcome(string Job, JobConclusion Conclusion, IReadOnlyDictionary<string, string> Outputs, string Log)
{
    public string? FailedStep { get; init; }

    /// <summary>Each step's <c>$GITHUB_OUTPUT</c>, by step id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> StepOutputs { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>From the job's start (its clone) to its end.</summary>
    public TimeSpan Duration { get; init; }

    public override string ToString() =>
        $"{Job}: {Conclusion}{(FailedStep is null ? "" : $" at step '{FailedStep}'")} in {Duration.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} s";
}
