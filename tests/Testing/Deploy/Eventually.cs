namespace Pipeline.Testing;

/// <summary>Polling for a condition a background deploy (or a child driver) brings about.</summary>
public static class Eventually
{
    /// <summary>Checks <paramref name="condition"/> every 50 ms; fails the test when it is not met within <paramref name="timeout"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what ?? $"condition not met within {timeout}");
            await Task.Delay(50);
        }
    }
}
