namespace Pipeline.Deploy.Edge.Tests;

[Collection(EdgeCollection.Name)]
public sealed class MetricsTests(EdgeFixture edge)
{
    [Fact]
    public async Task Metrics_count_requests_errors_and_latency_since_a_sequence_number()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(0, 100));
        var since = (await edge.Client.GetStateAsync()).Sequence;

        for (var i = 0; i < 90; i++)
        {
            (await edge.Http.GetAsync(edge.Client.PublicUrl)).Dispose();
        }

        for (var i = 0; i < 10; i++)
        {
            (await edge.Http.GetAsync(new Uri(edge.Client.PublicUrl, "/fail"))).Dispose();
        }

        // 2 slow requests out of 102: p99 must see them, p50 must not
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            (await edge.Http.GetAsync(new Uri(edge.Client.PublicUrl, "/slow?ms=400"))).Dispose()));

        var green = await edge.Client.GetMetricsAsync(EdgeColour.Green, since);
        var blue = await edge.Client.GetMetricsAsync(EdgeColour.Blue, since);

        Assert.Equal(102, green.Requests);
        Assert.Equal(10, green.Errors);
        Assert.Equal(10.0 / 102, green.ErrorRate, 6);
        Assert.InRange(green.P99Ms, 390, 5000);
        Assert.InRange(green.P50Ms, 0, 200);
        Assert.Equal(0, blue.Requests);
        Assert.False(green.Truncated);

        var later = await edge.Client.GetMetricsAsync(EdgeColour.Green, green.Sequence);
        Assert.Equal(0, later.Requests);
    }

    [Fact]
    public async Task Samples_list_each_production_request_of_a_colour_since_a_sequence_number()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(0, 100));
        var since = (await edge.Client.GetStateAsync()).Sequence;
        for (var i = 0; i < 5; i++)
        {
            (await edge.Http.GetAsync(edge.Client.PublicUrl)).Dispose();
        }

        (await edge.Http.GetAsync(new Uri(edge.Client.PublicUrl, "/fail"))).Dispose();
        (await edge.Http.GetAsync(new Uri(edge.Client.PublicUrl, "/slow?ms=300"))).Dispose();

        var green = await edge.Client.GetSamplesAsync(EdgeColour.Green, since);
        var blue = await edge.Client.GetSamplesAsync(EdgeColour.Blue, since);

        Assert.Equal(7, green.LatenciesMs.Count);
        Assert.Equal([false, false, false, false, false, true, false], green.Errors);
        Assert.InRange(green.LatenciesMs[^1], 290, 5000);
        Assert.Empty(blue.LatenciesMs);
        Assert.False(green.Truncated);
        Assert.Empty((await edge.Client.GetSamplesAsync(EdgeColour.Green, green.Sequence)).LatenciesMs);
    }

    [Fact]
    public async Task An_upstream_that_is_gone_counts_as_errors_and_answers_502()
    {
        var deadPort = EdgeFixture.FreePort();
        var routes = edge.Routes(0, 100) with { Green = new UpstreamRoute(new Uri($"http://127.0.0.1:{deadPort}"), 100) };
        await edge.Client.SetRoutesAsync(routes);
        var since = (await edge.Client.GetStateAsync()).Sequence;

        using var response = await edge.Http.GetAsync(edge.Client.PublicUrl);
        var green = await edge.Client.GetMetricsAsync(EdgeColour.Green, since);

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(1, green.Requests);
        Assert.Equal(1, green.Errors);
    }

    [Fact]
    public async Task Test_listener_traffic_is_not_counted_in_production_metrics()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0, test: EdgeColour.Green));
        var since = (await edge.Client.GetStateAsync()).Sequence;

        (await edge.Http.GetAsync(new Uri(edge.Client.TestUrl!, "/fail"))).Dispose();

        Assert.Equal(0, (await edge.Client.GetMetricsAsync(EdgeColour.Green, since)).Requests);
    }
}
