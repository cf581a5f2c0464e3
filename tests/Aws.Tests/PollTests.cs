using Pipeline.Aws.Polling;

namespace Pipeline.Aws.Tests;

public sealed class PollTests
{
    [Fact]
    public void Delays_grow_by_the_factor_up_to_the_maximum()
    {
        var schedule = new PollSchedule(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5), Factor: 2);

        Assert.Equal([100, 200, 300, 300], Enumerable.Range(1, 4).Select(a => (int)schedule.DelayBefore(a).TotalMilliseconds));
    }

    [Fact]
    public async Task Returns_the_first_value_that_is_done()
    {
        var calls = 0;

        var value = await Poll.UntilAsync(
            _ => Task.FromResult(++calls), v => v == 3,
            new PollSchedule(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(5)), "three", CancellationToken.None);

        Assert.Equal(3, value);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task The_deadline_ends_the_wait_with_the_last_value_seen()
    {
        var error = await Assert.ThrowsAsync<PollTimeoutException>(() => Poll.UntilAsync(
            _ => Task.FromResult("RUNNING"), _ => false,
            new PollSchedule(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
            "task x to stop", CancellationToken.None, v => v));

        Assert.Equal("waited 0.1 s for task x to stop; last seen: RUNNING", error.Message);
    }
}
