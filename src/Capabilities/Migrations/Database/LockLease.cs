namespace Pipeline.Migrations.Database;

/// <summary>A held migration lock; disposing releases it.</summary>
internal sealed class LockLease(TimeSpan waited, bool contended, Func<ValueTask> release) : IAsyncDisposable
{
    public static LockLease None { get; } = new(TimeSpan.Zero, false, () => ValueTask.CompletedTask);

    public TimeSpan Waited { get; } = waited;

    /// <summary>True when another runner held the lock at the first attempt.</summary>
    public bool Contended { get; } = contended;

    public ValueTask DisposeAsync() => release();
}
