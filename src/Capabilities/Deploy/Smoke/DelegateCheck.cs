namespace Pipeline.Deploy.Smoke;

/// <summary>A smoke test given as a delegate; it passes unless it throws.</summary>
internal sealed class DelegateCheck(string name, Func<SmokeContext, CancellationToken, Task> check) : ISmokeTest
{
    public string Name => name;

    public async Task<SmokeOutcome> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        await check(context, cancellationToken);
        return new SmokeOutcome(true, "ok");
    }

    public string? Validate() => string.IsNullOrWhiteSpace(name) ? "a smoke test has an empty name" : null;
}
