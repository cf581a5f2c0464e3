using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pipeline.Deploy.Smoke;

/// <summary>
/// An HTTP smoke test: one request, then expectations on status, body, a JSON value and latency; retried with a delay
/// while it fails (a freshly switched route may need a moment).
/// </summary>
public sealed class HttpCheck : ISmokeTest
{
    private readonly List<(string Name, string Value)> headers = [];
    private string? body;
    private string bodyContentType = "application/json";
    private string? bodyContains;
    private readonly List<(string Path, string Expected)> jsonValues = [];

    internal HttpCheck(string name, HttpMethod method, string path)
    {
        Name = name;
        Method = method;
        Path = path;
    }

    public string Name { get; }

    public HttpMethod Method { get; }

    public string Path { get; }

    public int ExpectedStatus { get; private set; } = 200;

    public TimeSpan? MaxLatencyLimit { get; private set; }

    public int RetryCount { get; private set; } = 2;

    public TimeSpan RetryDelay { get; private set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RequestTimeout { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>The status code expected (default 200).</summary>
    public HttpCheck ExpectStatus(int status)
    {
        ExpectedStatus = status;
        return this;
    }

    /// <summary>The response body must contain this text (ordinal).</summary>
    public HttpCheck BodyContains(string text)
    {
        bodyContains = text;
        return this;
    }

    /// <summary>
    /// The JSON response must hold (may be given several times) <paramref name="expected"/> at <paramref name="path"/> ("version", "$.items[0].title").
    /// Strings compare by value; numbers, booleans and null by their JSON text ("3", "true", "null").
    /// </summary>
    public HttpCheck JsonValue(string path, string expected)
    {
        jsonValues.Add((path, expected));
        return this;
    }

    /// <summary>Fails an attempt that takes longer than this.</summary>
    public HttpCheck MaxLatency(TimeSpan limit)
    {
        MaxLatencyLimit = limit;
        return this;
    }

    /// <summary>Retries a failed attempt <paramref name="count"/> times, waiting <paramref name="delay"/> between (default 2 × 500 ms).</summary>
    public HttpCheck Retries(int count, TimeSpan delay)
    {
        RetryCount = count;
        RetryDelay = delay;
        return this;
    }

    /// <summary>Gives up an attempt after this long (default 10 s).</summary>
    public HttpCheck Timeout(TimeSpan timeout)
    {
        RequestTimeout = timeout;
        return this;
    }

    /// <summary>Sends a request body.</summary>
    public HttpCheck Body(string content, string contentType = "application/json")
    {
        body = content;
        bodyContentType = contentType;
        return this;
    }

    /// <summary>Adds a request header.</summary>
    public HttpCheck Header(string name, string value)
    {
        headers.Add((name, value));
        return this;
    }

    public string? Validate() => this switch
    {
        _ when string.IsNullOrWhiteSpace(Name) => "a smoke test has an empty name",
        _ when !Path.StartsWith('/') => $"smoke test '{Name}': path '{Path}' must start with /",
        { ExpectedStatus: < 100 or > 599 } => $"smoke test '{Name}': expected status {ExpectedStatus} is not an HTTP status",
        { RetryCount: < 0 } => $"smoke test '{Name}': retries {RetryCount} must be 0 or more",
        { RetryDelay: var d } when d < TimeSpan.Zero => $"smoke test '{Name}': retry delay must be 0 or more",
        { MaxLatencyLimit: { } l } when l <= TimeSpan.Zero => $"smoke test '{Name}': max latency must be more than 0",
        { RequestTimeout: var t } when t <= TimeSpan.Zero => $"smoke test '{Name}': timeout must be more than 0",
        _ => null,
    };

    public async Task<SmokeOutcome> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attempts = 0;
        string failure;
        while (true)
        {
            attempts++;
            failure = await AttemptAsync(context.Http, cancellationToken) ?? "";
            if (failure.Length == 0)
            {
                return new SmokeOutcome(true, Describe(), attempts);
            }

            if (attempts > RetryCount)
            {
                break;
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }

        var tries = attempts == 1 ? "" : $" (after {attempts} attempts)";
        return new SmokeOutcome(false, $"{Method} {Path}: {failure}{tries}", attempts);
    }

    /// <summary>"text" — or 'text' when it holds double quotes itself (no ""version"").</summary>
    private static string Quoted(string text) => text.Contains('"', StringComparison.Ordinal) ? $"'{text}'" : $"\"{text}\"";

    private string Describe()
    {
        var text = new StringBuilder($"{Method} {Path} → {ExpectedStatus}");
        foreach (var (path, expected) in jsonValues)
        {
            text.Append(CultureInfo.InvariantCulture, $", {path} = {expected}");
        }

        if (bodyContains is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", body contains {Quoted(bodyContains)}");
        }

        return text.ToString();
    }

    /// <summary>Null when the attempt met every expectation; otherwise what was wrong.</summary>
    private async Task<string?> AttemptAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(Method, new Uri(Path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, bodyContentType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        var clock = Stopwatch.StartNew();
        string text;
        int status;
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            text = await response.Content.ReadAsStringAsync(timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {RequestTimeout.TotalSeconds:0.#}s";
        }
        catch (HttpRequestException e)
        {
            return SmokeTests.OneLine(e.Message);
        }

        var elapsed = clock.Elapsed;
        if (status != ExpectedStatus)
        {
            return $"status {status}, expected {ExpectedStatus}{Excerpt(text)}";
        }

        if (MaxLatencyLimit is { } limit && elapsed > limit)
        {
            return $"took {elapsed.TotalMilliseconds:0} ms, over the {limit.TotalMilliseconds:0} ms limit";
        }

        if (bodyContains is not null && !text.Contains(bodyContains, StringComparison.Ordinal))
        {
            return $"body does not contain {Quoted(bodyContains)}{Excerpt(text)}";
        }

        foreach (var expected in jsonValues)
        {
            var (found, actual) = JsonPath.Read(text, expected.Path);
            if (!found)
            {
                return $"JSON has no value at {expected.Path}{Excerpt(text)}";
            }

            if (actual != expected.Expected)
            {
                return $"JSON {expected.Path} is {actual}, expected {expected.Expected}";
            }
        }

        return null;
    }

    private static string Excerpt(string text)
    {
        var line = SmokeTests.OneLine(text);
        return line.Length == 0 ? "" : $" (body: {(line.Length > 120 ? line[..120] + "…" : line)})";
    }
}
