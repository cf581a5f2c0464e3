namespace Pipeline.Deploy.Smoke;

/// <summary>One smoke test. Implement it for a reusable check; <see cref="SmokeTests.Check"/> covers one-offs.</summary>
public interface ISmokeTest
{
    /// <summary>Unique name shown in the summary.</summary>
    string Name { get; }

    /// <summary>Runs the check once or with its own retries; returns how it ended (throwing also fails it).</summary>
    Task<SmokeOutcome> RunAsync(SmokeContext context, CancellationToken cancellationToken);

    /// <summary>Null when the declaration is valid; otherwise one line saying what is wrong.</summary>
    string? Validate() => null;
}

/// <summary>The end of one smoke test run: passed or not, a one-line message, attempts made.</summary>
public sealed record SmokeOutcome(bool Passed, string Message, int Attempts = 1);

/// <summary>What a smoke test runs against: the endpoint, its label and a client whose base address is that endpoint.</summary>
public sealed record SmokeContext(Uri BaseAddress, string Target, HttpClient Http);
