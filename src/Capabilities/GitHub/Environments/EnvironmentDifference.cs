namespace Pipeline.GitHub.Environments;

/// <summary>One field of one environment where GitHub differs from the declaration.</summary>
/// <param name="Environment">The environment's name.</param>
/// <param name="Field">GitHub's name for the field (<c>reviewers</c>, <c>wait_timer</c>, <c>variable AWS_REGION</c>, …).</param>
/// <param name="GitHub">What GitHub has, as text.</param>
/// <param name="Declared">What the declaration says, as text.</param>
public sealed record EnvironmentDifference(string Environment, string Field, string GitHub, string Declared)
{
    public override string ToString() => $"environment '{Environment}': {Field}: GitHub has {GitHub}, the declaration says {Declared}";
}
