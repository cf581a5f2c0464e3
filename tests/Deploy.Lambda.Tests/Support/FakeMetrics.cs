namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>What a version's <c>AWS/Lambda</c> metrics read in a bake window.</summary>
internal sealed record FakeMetrics(double Invocations, double Errors, double P99Milliseconds)
{
    public static FakeMetrics None { get; } = new(0, 0, 0);
}
