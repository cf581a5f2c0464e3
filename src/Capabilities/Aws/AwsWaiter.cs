namespace Pipeline.Aws;

/// <summary>
/// One of a model's waiters (waiters-2.json) that the client implements: poll <see cref="Operation"/> every
/// <see cref="Delay"/>, read the value at <see cref="Path"/>; <see cref="Success"/> ends the wait, <see cref="Failure"/>
/// fails it, anything else waits on, up to <see cref="MaxAttempts"/> polls (as botocore's waiters do).
/// </summary>
internal sealed record AwsWaiter(string Name, string Operation, string Path, string Success, string Failure, string Retry, TimeSpan Delay, int MaxAttempts)
{
    /// <summary>Polls until the value is <see cref="Success"/>; returns the last answer.</summary>
    public async Task<T> WaitAsync<T>(
        Func<CancellationToken, Task<T>> poll, Func<T, string?> value, Func<T, string> failure, string what, TimeSpan? delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(failure);
        string? last = null;
        for (var attempt = 1; ; attempt++)
        {
            var answer = await poll(cancellationToken);
            last = value(answer);
            if (last == Success)
            {
                return answer;
            }

            if (last == Failure)
            {
                throw new AwsWaitException($"{what}: {Path} is {Failure} ({failure(answer)})");
            }

            if (attempt >= MaxAttempts)
            {
                throw new AwsWaitException($"{what}: {Path} still {last ?? "absent"} after {MaxAttempts} polls; check it in the console or retry the wait");
            }

            await Task.Delay(delay ?? Delay, cancellationToken);
        }
    }
}
