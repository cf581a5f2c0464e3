using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// One invocation on its way: queued for an execution environment of its version, handed to one by the Runtime API's
/// <c>next</c>, and completed by the runtime's response or error, by its timeout, or by its environment dying.
/// </summary>
internal sealed class Invocation
{
    private readonly TaskCompletionSource<InvocationResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long dispatchedAt;

    public Invocation(byte[] payload, string invokedArn, string? clientContext)
    {
        Payload = payload;
        InvokedArn = invokedArn;
        ClientContext = clientContext;
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        TraceId = $"Root=1-{epoch}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0";
    }

    public string RequestId { get; } = Guid.NewGuid().ToString();

    public byte[] Payload { get; }

    /// <summary>The ARN the caller invoked (with the alias or version it named), as the runtime's Invoked-Function-Arn.</summary>
    public string InvokedArn { get; }

    public string? ClientContext { get; }

    public string TraceId { get; }

    /// <summary>The deadline the runtime gets, in epoch milliseconds (set when dispatched).</summary>
    public long DeadlineMs { get; private set; }

    public bool IsDone => completion.Task.IsCompleted;

    public bool IsDispatched => Interlocked.Read(ref dispatchedAt) != 0;

    public Task<InvocationResult> Result => completion.Task;

    /// <summary>The handler's time so far (zero before dispatch).</summary>
    public TimeSpan Elapsed => Interlocked.Read(ref dispatchedAt) is var at and not 0 ? Stopwatch.GetElapsedTime(at) : TimeSpan.Zero;

    /// <summary>Marks the hand-over to a runtime; false when the invocation already ended (timed out in the queue).</summary>
    public bool Dispatch(TimeSpan timeout)
    {
        if (IsDone || Interlocked.CompareExchange(ref dispatchedAt, Stopwatch.GetTimestamp(), 0) != 0)
        {
            return false;
        }

        DeadlineMs = DateTimeOffset.UtcNow.Add(timeout).ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>Puts a dispatched invocation back in line (its runtime vanished before reading it).</summary>
    public void Undispatch() => Interlocked.Exchange(ref dispatchedAt, 0);

    public bool Complete(InvocationResult result) => completion.TrySetResult(result);

    public bool Fail(Exception error) => completion.TrySetException(error);
}
