using System.Collections.Concurrent;
using Pipeline.Testing;

namespace Pipeline.Deploy.Edge.Tests;

[Collection(EdgeCollection.Name)]
public sealed class RoutingTests(EdgeFixture edge)
{
    [Theory]
    [InlineData(100, 0)]
    [InlineData(0, 100)]
    [InlineData(25, 75)]
    [InlineData(90, 10)]
    public async Task Public_listener_honours_weights_exactly(int blue, int green)
    {
        await edge.Client.SetRoutesAsync(edge.Routes(blue, green));

        var counts = new Dictionary<string, int> { ["blue"] = 0, ["green"] = 0 };
        for (var i = 0; i < 400; i++)
        {
            counts[await edge.GetColourAsync(edge.Client.PublicUrl)]++;
        }

        // deterministic interleave: every 100 consecutive requests split exactly by weight
        Assert.Equal(blue * 4, counts["blue"]);
        Assert.Equal(green * 4, counts["green"]);
    }

    [Fact]
    public async Task Test_listener_always_reaches_the_test_colour()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0, test: EdgeColour.Green));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("green", await edge.GetColourAsync(edge.Client.TestUrl!));
            Assert.Equal("blue", await edge.GetColourAsync(edge.Client.PublicUrl));
        }
    }

    [Fact]
    public async Task Test_listener_without_test_colour_answers_503()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0));

        using var response = await edge.Http.GetAsync(edge.Client.TestUrl);

        Assert.Equal(503, (int)response.StatusCode);
    }

    [Fact]
    public async Task Switching_under_concurrent_load_fails_no_request_and_takes_effect_at_once()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0));
        var failures = new ConcurrentQueue<string>();
        var sent = 0;
        // (time the request started, colour that answered) to check nothing reaches blue after the switch returned
        var answers = new ConcurrentQueue<(long Started, string Colour)>();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    using var response = await edge.Http.GetAsync(edge.Client.PublicUrl);
                    Interlocked.Increment(ref sent);
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"HTTP {(int)response.StatusCode}");
                    }

                    answers.Enqueue((started, response.Headers.GetValues("X-Edge-Colour").Single()));
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })).ToList();

        long switchedToGreenAt = 0;
        foreach (var (blue, green) in new[] { (50, 50), (0, 100), (100, 0), (10, 90), (0, 100) })
        {
            var before = Volatile.Read(ref sent);
            await Eventually.WaitForAsync(() => Volatile.Read(ref sent) >= before + 40, TimeSpan.FromSeconds(30), "40 answers under the current route table");
            await edge.Client.SetRoutesAsync(edge.Routes(blue, green));
            switchedToGreenAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        await Eventually.WaitForAsync(
            () => answers.Count(a => a.Started > switchedToGreenAt) >= 100, TimeSpan.FromSeconds(30), "100 answers to requests started after the last switch");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.True(sent > 200, $"only {sent} requests were sent");
        var afterSwitch = answers.Where(a => a.Started > switchedToGreenAt).ToList();
        Assert.NotEmpty(afterSwitch);
        Assert.All(afterSwitch, a => Assert.Equal("green", a.Colour));
    }
}
