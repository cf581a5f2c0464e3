namespace Pipeline.Deploy.Edge;

/// <summary>
/// Picks the upstream of each request from an immutable <see cref="RouteTable"/> that is swapped atomically, and counts
/// requests in flight per colour. Weighted choice is a deterministic interleave: in every 100 consecutive public
/// requests exactly <c>weight</c> go to green, spread evenly — exact percentages even for short bursts.
/// </summary>
internal sealed class Router(RouteTable initial)
{
    private readonly int[] inFlight = new int[2];
    private readonly Lock writeLock = new();
    private RouteTable table = initial;
    private long counter;

    public RouteTable Current => Volatile.Read(ref table);

    public int InFlight(EdgeColour colour) => Volatile.Read(ref inFlight[(int)colour]);

    /// <summary>Replaces the table after <paramref name="change"/> computed it from the current one; returns the new table.</summary>
    public RouteTable Update(Func<RouteTable, RouteTable> change)
    {
        lock (writeLock)
        {
            var next = change(Current);
            Volatile.Write(ref table, next);
            return next;
        }
    }

    /// <summary>Chooses a colour for one request and counts it in flight; null when there is no upstream to send it to.</summary>
    public Lease? Acquire(bool testListener)
    {
        while (true)
        {
            var snapshot = Current;
            EdgeColour? colour = testListener ? snapshot.Test : Pick(snapshot);
            if (colour is not { } c || snapshot[c] is not { } route)
            {
                return null;
            }

            Interlocked.Increment(ref inFlight[(int)c]);
            // A table swapped between the read and the increment may have taken this colour out of rotation and a
            // drain may already have seen 0 in flight: choose again under the new table.
            if (ReferenceEquals(snapshot, Current))
            {
                return new Lease(c, route.Address);
            }

            Interlocked.Decrement(ref inFlight[(int)c]);
        }
    }

    public void Release(Lease lease) => Interlocked.Decrement(ref inFlight[(int)lease.Colour]);

    private EdgeColour? Pick(RouteTable snapshot)
    {
        var green = snapshot.WeightOf(EdgeColour.Green);
        if (snapshot.Blue is null && snapshot.Green is null)
        {
            return null;
        }

        if (green is 0 or 100)
        {
            return green == 0 ? EdgeColour.Blue : EdgeColour.Green;
        }

        var k = (Interlocked.Increment(ref counter) - 1) % 100;
        return (k + 1) * green / 100 > k * green / 100 ? EdgeColour.Green : EdgeColour.Blue;
    }

    internal readonly record struct Lease(EdgeColour Colour, Uri Address);
}
