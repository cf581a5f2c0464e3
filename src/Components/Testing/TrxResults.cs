using System.Xml.Linq;

namespace Pipeline.Components.Testing;

/// <summary>The counts of one or more TRX files and the distinct reasons tests were skipped.</summary>
public sealed record TrxResults(int Passed, int Failed, int Skipped, IReadOnlyList<string> SkipReasons)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TrxResults Empty { get; } = new(0, 0, 0, []);

    public int Total => Passed + Failed + Skipped;

    public TrxResults Add(TrxResults other) =>
        new(Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped, [.. SkipReasons.Union(other.SkipReasons, StringComparer.Ordinal)]);

    /// <summary>Counts the test results themselves: the summary counters leave skipped tests out.</summary>
    public static TrxResults Read(IEnumerable<string> paths)
    {
        var results = paths.SelectMany(path => XDocument.Load(path).Descendants(Trx + "UnitTestResult")).ToList();
        int Count(string outcome) => results.Count(r => (string?)r.Attribute("outcome") == outcome);
        var reasons = results
            .Where(r => (string?)r.Attribute("outcome") == "NotExecuted")
            .Select(r => r.Element(Trx + "Output")?.Element(Trx + "ErrorInfo")?.Element(Trx + "Message")?.Value.Trim())
            .Select(reason => string.IsNullOrEmpty(reason) ? "no reason given" : reason)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new TrxResults(Count("Passed"), results.Count(r => (string?)r.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted"), Count("NotExecuted"), reasons);
    }
}
