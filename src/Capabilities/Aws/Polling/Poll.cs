using System.Diagnostics;

namespace Pipeline.Aws.Polling;

/// <summary>
/// The one wait loop of the AWS capability: asks <c>probe</c> until <c>done</c> holds, with backoff between attempts
/// and a deadline. Retryable AWS errors are already retried by the client; anything else the probe throws ends the wait.
/// </summary>
public static class Poll
{
    /// <summary>
    /// Returns the first probe result for which <paramref name="done"/> is true. Throws <see cref="PollTimeoutException"/>
    /// (carrying the last result's description, from <paramref name="describe"/>) when <see cref="PollSchedule.Deadline"/>
    /// passes first. <paramref name="waitingFor"/> says what is awaited, for that message: "migrations task abc to stop".
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> done,
        PollSchedule schedule,
        string waitingFor,
        CancellationToken cancellationToken,
        Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Validate() is { } error)
        {
            throw new ArgumentException(error, nameof(schedule));
        }

        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var value = await probe(cancellationToken);
            if (done(value))
            {
                return value;
            }

            var remaining = schedule.Deadline - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new PollTimeoutException(waitingFor, schedule.Deadline, describe?.Invoke(value));
            }

            var delay = schedule.DelayBefore(attempt);
            await Task.Delay(delay < remaining ? delay : remaining, cancellationToken);
        }
    }
}
