using Pipeline.Testing;

namespace Pipeline.Deploy.Edge.Tests;

[Collection(EdgeCollection.Name)]
public sealed class DrainTests(EdgeFixture edge)
{
    [Fact]
    public async Task Drain_waits_for_a_slow_request_on_the_old_colour_which_still_succeeds()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0));
        var slow = edge.Http.GetAsync(new Uri(edge.Client.PublicUrl, "/slow?ms=1000"));
        await WaitForInFlightAsync(EdgeColour.Blue, 1);

        await edge.Client.SetRoutesAsync(edge.Routes(0, 100));
        var drained = await edge.Client.DrainAsync(EdgeColour.Blue, TimeSpan.FromSeconds(10));

        Assert.True(drained.Drained);
        Assert.Equal(0, drained.InFlight);
        Assert.True(drained.WaitedMs >= 500, $"drain returned after {drained.WaitedMs} ms, before the slow request ended");
        Assert.True(slow.IsCompleted);
        using var response = await slow;
        Assert.Equal("blue", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Drain_reports_a_timeout_with_what_is_still_in_flight()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0));
        var slow = edge.Http.GetAsync(new Uri(edge.Client.PublicUrl, "/slow?ms=1000"));
        await WaitForInFlightAsync(EdgeColour.Blue, 1);
        await edge.Client.SetRoutesAsync(edge.Routes(0, 100));

        var drained = await edge.Client.DrainAsync(EdgeColour.Blue, TimeSpan.FromMilliseconds(200));

        Assert.False(drained.Drained);
        Assert.Equal(1, drained.InFlight);
        (await slow).Dispose();
    }

    [Fact]
    public async Task Remove_drains_then_drops_the_colour_from_the_table()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(0, 100));

        var result = await edge.Client.RemoveAsync(EdgeColour.Blue, TimeSpan.FromSeconds(5));

        Assert.True(result.Drained);
        var state = await edge.Client.GetStateAsync();
        Assert.Null(state.Routes.Blue);
        Assert.Equal(100, state.Routes.WeightOf(EdgeColour.Green));
    }

    [Fact]
    public async Task Draining_a_colour_that_still_has_weight_is_refused()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(40, 60));

        var error = await Assert.ThrowsAsync<EdgeException>(() => edge.Client.DrainAsync(EdgeColour.Blue, TimeSpan.FromSeconds(1)));

        Assert.Equal("edge refused POST /drain: blue still has weight 40; set it to 0 with PUT /routes before draining", error.Message);
    }

    private Task WaitForInFlightAsync(EdgeColour colour, int count) => Eventually.WaitForAsync(
        async () => (await edge.Client.GetStateAsync()).Colours.Single(c => c.Colour == colour).InFlight >= count,
        TimeSpan.FromSeconds(10),
        $"{count} request(s) in flight to {colour}");
}
