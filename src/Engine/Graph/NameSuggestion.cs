namespace Pipeline.Engine.Graph;

/// <summary>Finds the closest known name for a misspelt one ("Compil" → "Compile").</summary>
public static class NameSuggestion
{
    /// <summary>The closest candidate within a small edit distance, or null when nothing is close.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var tolerance = Math.Max(2, name.Length / 3);
        return bestDistance <= tolerance ? best : null;
    }

    /// <summary>" Did you mean 'X'?" or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } closest ? $" Did you mean '{closest}'?" : "";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
