using Xunit.Sdk;

namespace Pipeline.Testing.Requirements;

/// <summary>
/// A benchmark: a fact that prints figures, run <see cref="RunsVariable"/> times for a median. Without the variable it
/// runs once, as a test of what it measures (CI lists no skipped test; one run is no median). Its
/// <see cref="Requirements"/> work as <see cref="FactRequiringAttribute"/>'s.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Pipeline.Testing.Requirements.FactRequiringDiscoverer", "Pipeline.Testing")]
public sealed class BenchmarkAttribute : FactAttribute, IRequirementsAttribute
{
    public BenchmarkAttribute(string runsVariable, params Requirement[] requirements)
    {
        RunsVariable = runsVariable;
        Requirements = requirements;
    }

    public string RunsVariable { get; }

    public IReadOnlyList<Requirement> Requirements { get; }

    /// <summary>The number of runs <paramref name="runsVariable"/> asks for (at least 1), or null when it is not set.</summary>
    public static int? Runs(string runsVariable) =>
        int.TryParse(Environment.GetEnvironmentVariable(runsVariable), System.Globalization.CultureInfo.InvariantCulture, out var runs) ? Math.Max(1, runs) : null;

    /// <summary>The median of a benchmark's runs.</summary>
    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
