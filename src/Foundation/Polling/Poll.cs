using System.Diagnostics;

namespace Pipeline.Foundation.Polling;

/// <summary>
/// The one wait loop: asks <c>probe</c> until <c>done</c> holds, with backoff between attempts and a deadline. The probe
/// decides which failures are worth another attempt (it returns a value that is not done, e.g. the last error) and which
/// end the wait (it throws: a process that exited, a password refused).
/// </summary>
public static class Poll
{
    /// <summary>
    /// Returns the first probe result for which <paramref name="done"/> is true. Throws <see cref="PollTimeoutException"/>
    /// (carrying the last result's description, from <paramref name="describe"/>) when <see cref="PollSchedule.Deadline"/>
    /// passes first; the probe is always asked once more at the deadline. <paramref name="waitingFor"/> says what is
    /// awaited, for that message: "migrations task abc to stop".
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> done,
        PollSchedule schedule,
        string waitingFor,
        CancellationToken cancellationToken,
        Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var (held, value) = await RunAsync(probe, done, schedule, cancellationToken);
        return held ? value : throw new PollTimeoutException(waitingFor, schedule.Deadline, describe?.Invoke(value));
    }

    /// <summary>
    /// For checks that say what is still wrong: returns once <paramref name="problem"/> answers null. At the deadline
    /// the <see cref="PollTimeoutException"/> carries the last problem as <see cref="PollTimeoutException.LastSeen"/>.
    /// </summary>
    public static Task UntilNoProblemAsync(
        Func<CancellationToken, Task<string?>> problem, PollSchedule schedule, string waitingFor, CancellationToken cancellationToken) =>
        UntilAsync(problem, p => p is null, schedule, waitingFor, cancellationToken, p => p ?? "");

    /// <summary>
    /// True as soon as <paramref name="condition"/> holds; false once <see cref="PollSchedule.Deadline"/> has passed
    /// without it (asked once more at the deadline), for waits whose caller goes on either way: a process that does not
    /// stop in its grace period is killed.
    /// </summary>
    public static async Task<bool> TryUntilAsync(Func<CancellationToken, Task<bool>> condition, PollSchedule schedule, CancellationToken cancellationToken) =>
        (await RunAsync(condition, held => held, schedule, cancellationToken)).Held;

    private static async Task<(bool Held, T Value)> RunAsync<T>(
        Func<CancellationToken, Task<T>> probe, Func<T, bool> done, PollSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Validate() is { } error)
        {
            throw new ArgumentException(error, nameof(schedule));
        }

        var clock = Stopwatch.StartNew();
        var atDeadline = false;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var value = await probe(cancellationToken);
            if (done(value))
            {
                return (true, value);
            }

            var remaining = schedule.Deadline - clock.Elapsed;
            if (atDeadline || remaining <= TimeSpan.Zero)
            {
                return (false, value);
            }

            // A timer may fire a little early: the attempt after a delay cut to the deadline is the last one.
            var delay = schedule.DelayBefore(attempt);
            atDeadline = delay >= remaining;
            await Task.Delay(atDeadline ? remaining : delay, cancellationToken);
        }
    }
}
