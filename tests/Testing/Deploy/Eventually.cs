using Pipeline.Foundation.Polling;

namespace Pipeline.Testing;

/// <summary>Waiting in a test for a condition something in the background brings about (a deploy, a child driver, load).</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Checks <paramref name="condition"/> every 50 ms; fails the test when it is not met within <paramref name="timeout"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var held = await Poll.TryUntilAsync(_ => condition(), PollSchedule.Every(Interval, timeout), CancellationToken.None);
        Assert.True(held, $"{what ?? "condition"} not met within {timeout}");
    }

    /// <summary>As <see cref="WaitForAsync"/> for a condition that needs no I/O to check.</summary>
    public static Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForAsync(() => Task.FromResult(condition()), timeout, what);
    }
}
