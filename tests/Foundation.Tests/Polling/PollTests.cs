using System.Diagnostics;
using Pipeline.Foundation.Polling;

namespace Pipeline.Foundation.Tests.Polling;

public sealed class PollTests
{
    [Fact]
    public void Delays_grow_by_the_factor_up_to_the_maximum()
    {
        var schedule = new PollSchedule(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5), Factor: 2);

        Assert.Equal([100, 200, 300, 300], Enumerable.Range(1, 4).Select(a => (int)schedule.DelayBefore(a).TotalMilliseconds));
        Assert.Equal([50, 50, 50], Enumerable.Range(1, 3).Select(a => (int)PollSchedule.Every(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)).DelayBefore(a).TotalMilliseconds));
    }

    [Fact]
    public async Task The_wait_between_attempts_backs_off()
    {
        var clock = Stopwatch.StartNew();
        var seen = new List<TimeSpan>();

        await Poll.UntilAsync(
            _ =>
            {
                seen.Add(clock.Elapsed);
                return Task.FromResult(seen.Count);
            },
            count => count == 5,
            new PollSchedule(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(160), TimeSpan.FromSeconds(10), Factor: 2),
            "five attempts",
            CancellationToken.None);

        // Timers may fire a few milliseconds early, never by a fifth: a fixed 40 ms interval would fail the later gaps.
        var gaps = seen.Zip(seen.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.Equal(4, gaps.Count);
        Assert.All(gaps.Zip([40, 80, 160, 160]), g => Assert.True(g.First >= g.Second * 0.8, $"gaps {string.Join(", ", gaps)} ms: one is well under 40, 80, 160, 160"));
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
        var calls = 0;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<PollTimeoutException>(() => Poll.UntilAsync(
            _ => Task.FromResult($"RUNNING ({++calls})"), _ => false,
            new PollSchedule(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)),
            "task x to stop", CancellationToken.None, v => v));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(195), TimeSpan.FromSeconds(5));
        // At least the first attempt and the one at the deadline; how many fit between depends on the machine's load.
        Assert.True(calls >= 2, $"only {calls} attempt in 200 ms");
        Assert.Equal($"waited 0.2 s for task x to stop; last seen: RUNNING ({calls})", error.Message);
        Assert.Equal(($"RUNNING ({calls})", "task x to stop", TimeSpan.FromMilliseconds(200)), (error.LastSeen, error.WaitingFor, error.Deadline));
    }

    [Fact]
    public async Task A_long_delay_is_cut_at_the_deadline_and_the_probe_asked_once_more()
    {
        var calls = 0;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<PollTimeoutException>(() => Poll.UntilAsync(
            _ => Task.FromResult(++calls), _ => false,
            new PollSchedule(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(150)),
            "never", CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(145), TimeSpan.FromSeconds(5));
        Assert.Equal(2, calls);
        Assert.Equal("waited 0.2 s for never", error.Message);
    }

    [Fact]
    public async Task Until_no_problem_returns_when_the_check_answers_null_and_names_the_last_problem_at_the_deadline()
    {
        var calls = 0;

        await Poll.UntilNoProblemAsync(
            _ => Task.FromResult(++calls < 3 ? $"503 ({calls})" : null),
            PollSchedule.Every(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(10)), "ready", CancellationToken.None);
        var error = await Assert.ThrowsAsync<PollTimeoutException>(() => Poll.UntilNoProblemAsync(
            _ => Task.FromResult<string?>($"503 ({++calls})"),
            PollSchedule.Every(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), "app to be ready", CancellationToken.None));

        Assert.Equal($"503 ({calls})", error.LastSeen);
        Assert.Equal($"waited 0.1 s for app to be ready; last seen: 503 ({calls})", error.Message);
    }

    [Fact]
    public async Task A_zero_deadline_asks_once()
    {
        var calls = 0;

        await Assert.ThrowsAsync<PollTimeoutException>(() => Poll.UntilAsync(
            _ => Task.FromResult(++calls), _ => false, PollSchedule.Every(TimeSpan.FromSeconds(1), TimeSpan.Zero), "once", CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Try_until_says_whether_the_condition_held_before_the_deadline()
    {
        var calls = 0;
        var clock = Stopwatch.StartNew();

        Assert.True(await Poll.TryUntilAsync(
            _ => Task.FromResult(++calls == 3), PollSchedule.Every(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(10)), CancellationToken.None));
        Assert.Equal(3, calls);
        Assert.False(await Poll.TryUntilAsync(
            _ => Task.FromResult(false), PollSchedule.Every(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), CancellationToken.None));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(95), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task What_the_probe_throws_ends_the_wait_at_once()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Poll.UntilAsync<int>(
            _ => ++calls == 2 ? throw new InvalidOperationException("exited with code 3") : Task.FromResult(calls),
            _ => false,
            PollSchedule.Every(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(10)),
            "never", CancellationToken.None));

        Assert.Equal("exited with code 3", error.Message);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_before_the_deadline()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Poll.UntilAsync(
            _ => Task.FromResult(false), done => done,
            PollSchedule.Every(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)),
            "never", cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_cancelled_wait_never_asks()
    {
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Poll.UntilAsync(
            _ => Task.FromResult(++calls), _ => true,
            PollSchedule.Every(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1)),
            "never", new CancellationToken(canceled: true)));

        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData(0, 100, 1000, 1.5, "poll interval 00:00:00 must be more than 0")]
    [InlineData(100, 50, 1000, 1.5, "poll max interval 00:00:00.0500000 is shorter than the first interval 00:00:00.1000000")]
    [InlineData(100, 100, -1, 1.5, "poll deadline -00:00:00.0010000 must be 0 or more")]
    [InlineData(100, 100, 1000, 0.5, "poll backoff factor must be 1 or more")]
    public async Task A_bad_schedule_is_refused_before_the_first_attempt(int first, int max, int deadline, double factor, string message)
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Poll.UntilAsync(
            _ => Task.FromResult(++calls), _ => true,
            new PollSchedule(TimeSpan.FromMilliseconds(first), TimeSpan.FromMilliseconds(max), TimeSpan.FromMilliseconds(deadline), factor),
            "never", CancellationToken.None));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }
}
