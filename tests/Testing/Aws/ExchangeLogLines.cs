using System.Text.Json;

namespace Pipeline.Testing.Aws;

/// <summary>Reads a stand-in's exchange log (one JSON line per request and answer) from where the last check stopped.</summary>
public static class ExchangeLogLines
{
    /// <summary>The problems <paramref name="check"/> finds in the lines after <paramref name="from"/> (advanced to the end of the file), each with its line number.</summary>
    public static IReadOnlyList<string> Check(string path, ref int from, Func<JsonElement, IEnumerable<string>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        var problems = new List<string>();
        for (var i = from; i < lines.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            problems.AddRange(check(line.RootElement).Select(p => $"line {i + 1}: {p}"));
        }

        from = lines.Length;
        return problems;
    }
}
