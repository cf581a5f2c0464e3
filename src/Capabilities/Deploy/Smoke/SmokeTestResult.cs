namespace Pipeline.Deploy.Smoke;

/// <summary>One smoke test as it ran against one target.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Target">"test" or "production".</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Duration">How long it took, retries included.</param>
/// <param name="Message">One line: what was checked, or what went wrong.</param>
/// <param name="Attempts">How many attempts were made.</param>
public sealed record SmokeTestResult(string Name, string Target, bool Passed, TimeSpan Duration, string Message, int Attempts = 1)
{
    /// <summary>"passed" or "failed".</summary>
    public string Status => Passed ? "passed" : "failed";
}
