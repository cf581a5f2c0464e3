namespace Pipeline.Deploy.Edge;

/// <summary>
/// Completed public requests per colour: every request gets a global sequence number and is kept as a sample
/// (latency, error) in a ring per colour, so a caller can ask for exact percentiles "since sequence N".
/// </summary>
internal sealed class TrafficMetrics
{
    /// <summary>Samples kept per colour: ~10 minutes at 200 requests/s, ~1.7 MB.</summary>
    public const int Capacity = 131_072;

    private readonly Ring[] rings = [new(), new()];
    private long sequence;

    public long Sequence => Interlocked.Read(ref sequence);

    public void Record(EdgeColour colour, double latencyMs, bool error)
    {
        var ring = rings[(int)colour];
        lock (ring)
        {
            // inside the ring's lock so that each ring's sequence numbers are ascending
            var seq = Interlocked.Increment(ref sequence);
            if (ring.Count == Capacity)
            {
                ring.DroppedUpTo = ring.Sequences[ring.Head];
            }
            else
            {
                ring.Count++;
            }

            ring.Sequences[ring.Head] = seq;
            ring.Latencies[ring.Head] = (float)latencyMs;
            ring.Errors[ring.Head] = error;
            ring.Head = (ring.Head + 1) % Capacity;
            ring.TotalRequests++;
            if (error)
            {
                ring.TotalErrors++;
            }
        }
    }

    public (long Requests, long Errors) Totals(EdgeColour colour)
    {
        var ring = rings[(int)colour];
        lock (ring)
        {
            return (ring.TotalRequests, ring.TotalErrors);
        }
    }

    public EdgeMetrics Query(EdgeColour colour, long since, int inFlight)
    {
        var ring = rings[(int)colour];
        float[] latencies;
        long errors = 0;
        bool truncated;
        long last;
        lock (ring)
        {
            last = Sequence;
            truncated = ring.DroppedUpTo > since;
            var selected = new List<float>();
            var start = (ring.Head - ring.Count + Capacity) % Capacity;
            for (var i = 0; i < ring.Count; i++)
            {
                var at = (start + i) % Capacity;
                if (ring.Sequences[at] > since)
                {
                    selected.Add(ring.Latencies[at]);
                    if (ring.Errors[at])
                    {
                        errors++;
                    }
                }
            }

            latencies = [.. selected];
        }

        Array.Sort(latencies);
        return new EdgeMetrics(
            colour, since, last, latencies.Length, errors,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 3), inFlight, truncated);
    }

    /// <summary>The samples of <paramref name="colour"/> after sequence <paramref name="since"/>, oldest first.</summary>
    public EdgeSamples Samples(EdgeColour colour, long since)
    {
        var ring = rings[(int)colour];
        var latencies = new List<double>();
        var errors = new List<bool>();
        lock (ring)
        {
            var start = (ring.Head - ring.Count + Capacity) % Capacity;
            for (var i = 0; i < ring.Count; i++)
            {
                var at = (start + i) % Capacity;
                if (ring.Sequences[at] > since)
                {
                    latencies.Add(Math.Round(ring.Latencies[at], 3));
                    errors.Add(ring.Errors[at]);
                }
            }

            return new EdgeSamples(colour, since, Sequence, latencies, errors, ring.DroppedUpTo > since);
        }
    }

    /// <summary>Nearest-rank percentile of sorted values (0 when empty).</summary>
    internal static double Percentile(float[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 3);
    }

    private sealed class Ring
    {
        public long[] Sequences { get; } = new long[Capacity];

        public float[] Latencies { get; } = new float[Capacity];

        public bool[] Errors { get; } = new bool[Capacity];

        public int Head { get; set; }

        public int Count { get; set; }

        public long DroppedUpTo { get; set; }

        public long TotalRequests { get; set; }

        public long TotalErrors { get; set; }
    }
}
