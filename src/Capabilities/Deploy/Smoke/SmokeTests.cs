using System.Diagnostics;
using System.Net;

namespace Pipeline.Deploy.Smoke;

/// <summary>
/// Smoke tests declared in C#: HTTP checks and arbitrary async checks. The engine runs them against the test endpoint
/// (POST_TEST_TRAFFIC_SHIFT) and against production after the shift (POST_PRODUCTION_TRAFFIC_SHIFT); a failure rolls back.
/// <code>
/// var smoke = new SmokeTests()
///     .Http("ready", "/health/ready")
///     .Http("version", "/version", c => c.JsonValue("version", release.Version).MaxLatency(TimeSpan.FromSeconds(1)))
///     .Http("create todo", HttpMethod.Post, "/todos", c => c.Body("""{"title":"smoke"}""").ExpectStatus(201))
///     .Check("custom", async (ctx, ct) => { ... throw to fail ... });
/// </code>
/// </summary>
public sealed class SmokeTests
{
    private readonly List<ISmokeTest> tests = [];

    /// <summary>The declared tests, in order.</summary>
    public IReadOnlyList<ISmokeTest> Tests => tests;

    /// <summary>A GET check; by default it expects 200.</summary>
    public SmokeTests Http(string name, string path, Action<HttpCheck>? configure = null) =>
        Http(name, HttpMethod.Get, path, configure);

    /// <summary>An HTTP check with any method.</summary>
    public SmokeTests Http(string name, HttpMethod method, string path, Action<HttpCheck>? configure = null)
    {
        var check = new HttpCheck(name, method, path);
        configure?.Invoke(check);
        return Add(check);
    }

    /// <summary>An arbitrary async check: it fails by throwing (the exception's message is shown).</summary>
    public SmokeTests Check(string name, Func<SmokeContext, CancellationToken, Task> check) =>
        Add(new DelegateCheck(name, check));

    /// <summary>Adds any <see cref="ISmokeTest"/>.</summary>
    public SmokeTests Add(ISmokeTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (tests.Any(t => t.Name == test.Name))
        {
            throw new DeploySettingsException($"smoke test '{test.Name}' is declared twice: give each smoke test its own name");
        }

        tests.Add(test);
        return this;
    }

    /// <summary>Null when every test is valid; otherwise one line naming the first wrong one.</summary>
    public string? Validate() => tests.Select(t => t.Validate()).FirstOrDefault(e => e is not null);

    /// <summary>
    /// Runs every test in order against <paramref name="baseAddress"/> (all of them, even after a failure, so the
    /// summary shows everything) and returns their results.
    /// </summary>
    /// <param name="baseAddress">The endpoint to test, e.g. the edge's test listener.</param>
    /// <param name="target">The label shown in results: "test" or "production".</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<IReadOnlyList<SmokeTestResult>> RunAsync(Uri baseAddress, string target, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var context = new SmokeContext(baseAddress, target, http);
        var results = new List<SmokeTestResult>();
        foreach (var test in tests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            SmokeTestResult result;
            try
            {
                var outcome = await test.RunAsync(context, cancellationToken);
                result = new SmokeTestResult(test.Name, target, outcome.Passed, clock.Elapsed, outcome.Message, outcome.Attempts);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                result = new SmokeTestResult(test.Name, target, false, clock.Elapsed, OneLine(e.Message), 1);
            }

            results.Add(result);
        }

        return results;
    }

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
