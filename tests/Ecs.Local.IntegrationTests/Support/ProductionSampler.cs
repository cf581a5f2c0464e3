namespace Pipeline.Ecs.Local.IntegrationTests.Support;

/// <summary>Calls a listener in a loop in the background and keeps every answer body (or failure), to prove where traffic went.</summary>
internal sealed class ProductionSampler : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> answers = [];
    private readonly Task loop;

    public ProductionSampler(Uri url)
    {
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                string answer;
                try
                {
                    using var response = await http.GetAsync(url, stop.Token);
                    answer = (int)response.StatusCode == 200 ? (await response.Content.ReadAsStringAsync(stop.Token)).Trim() : $"HTTP {(int)response.StatusCode}";
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    answer = "failed: " + e.Message;
                }

                lock (answers)
                {
                    answers.Add(answer);
                }

                await Task.Delay(20);
            }
        });
    }

    public IReadOnlyList<string> Answers
    {
        get
        {
            lock (answers)
            {
                return [.. answers];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        http.Dispose();
        stop.Dispose();
    }
}
