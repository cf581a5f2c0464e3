using System.Collections.Concurrent;
using System.Globalization;

namespace Pipeline.Testing;

/// <summary>Constant background traffic through the edge; counts what failed (non-2xx or no answer).</summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> workers = [];
    private readonly HttpClient http;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private long total;
    private long failed;

    public LoadGenerator(Uri baseAddress, string path, int concurrency)
    {
        http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < concurrency; i++)
        {
            workers.Add(Task.Run(() => LoopAsync(path)));
        }
    }

    public long Total => Interlocked.Read(ref total);

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>How long the load ran (until disposed).</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Requests answered (or failed) per second over <see cref="Elapsed"/>.</summary>
    public double RequestsPerSecond => Total / Math.Max(0.001, Elapsed.TotalSeconds);

    /// <summary>Versions seen in answers to /version (when that is the path).</summary>
    public ConcurrentDictionary<string, int> Bodies { get; } = new();

    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>
    /// Waits until <paramref name="count"/> more requests have been answered (or failed) than when called, so the load
    /// has met what serves now; fails the test when that takes longer than <paramref name="timeout"/>.
    /// </summary>
    public Task AnsweredMoreAsync(int count, TimeSpan timeout)
    {
        var target = Total + count;
        return Eventually.WaitForAsync(() => Total >= target, timeout, $"{count} more answers to the load ({this})");
    }

    private async Task LoopAsync(string path)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), stop.Token);
                var body = await response.Content.ReadAsStringAsync(stop.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                    Failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                }
                else if (body.Length < 200)
                {
                    Bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
                Failures.AddOrUpdate($"{e.GetType().Name}: {e.Message}", 1, (_, n) => n + 1);
            }

            Interlocked.Increment(ref total);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        clock.Stop();
        http.Dispose();
        stop.Dispose();
    }

    public override string ToString() =>
        $"{Total} requests in {Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)}/s), {Failed} failed ({string.Join(", ", Failures.Select(kv => $"{kv.Key} × {kv.Value}"))})";
}
