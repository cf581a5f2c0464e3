using System.Globalization;

namespace Pipeline.Sample;

/// <summary>What the deliberate fault does to this release.</summary>
public enum FaultMode
{
    None,
    /// <summary>/health/ready answers 503.</summary>
    Unhealthy,
    /// <summary>Every request is delayed.</summary>
    Slow,
    /// <summary>A fraction of /todos requests answer 500.</summary>
    Errors,
    /// <summary>The process exits at startup.</summary>
    Crash,
}

/// <summary>
/// The explicit, off-by-default fault switch used to prove rollback: <c>SAMPLE_FAULT</c> = unhealthy | slow | errors | crash,
/// with <c>SAMPLE_FAULT_DELAY_MS</c> (slow, default 2500) and <c>SAMPLE_FAULT_RATE</c> (errors, 0..1, default 1.0).
/// </summary>
public sealed record FaultSwitch(FaultMode Mode, TimeSpan Delay, double Rate)
{
    public static FaultSwitch Off { get; } = new(FaultMode.None, TimeSpan.Zero, 0);

    /// <summary>Reads the switch; throws <see cref="SampleConfigurationException"/> naming the bad variable.</summary>
    public static FaultSwitch From(IConfiguration configuration)
    {
        var text = configuration["SAMPLE_FAULT"]?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }

        var mode = text.ToUpperInvariant() switch
        {
            "UNHEALTHY" => FaultMode.Unhealthy,
            "SLOW" => FaultMode.Slow,
            "ERRORS" => FaultMode.Errors,
            "CRASH" => FaultMode.Crash,
            _ => throw new SampleConfigurationException(
                $"SAMPLE_FAULT='{text}' is unknown; use unhealthy, slow, errors or crash (or leave it unset)"),
        };
        var delayMs = Number(configuration, "SAMPLE_FAULT_DELAY_MS", 2500, 0, 600_000);
        var rate = Number(configuration, "SAMPLE_FAULT_RATE", 1.0, 0, 1);
        return new FaultSwitch(mode, TimeSpan.FromMilliseconds(delayMs), rate);
    }

    public override string ToString() => Mode switch
    {
        FaultMode.None => "off",
        FaultMode.Slow => $"slow ({Delay.TotalMilliseconds:0} ms per request)",
        FaultMode.Errors => $"errors ({Rate:P0} of /todos requests answer 500)",
        FaultMode.Unhealthy => "unhealthy (/health/ready answers 503)",
        _ => "crash (exits at startup)",
    };

    private static double Number(IConfiguration configuration, string name, double fallback, double min, double max)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new SampleConfigurationException($"{name}='{text}' is not a number in {min}..{max}");
    }
}
