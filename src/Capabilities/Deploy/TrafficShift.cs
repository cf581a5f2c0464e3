using System.Globalization;
using System.Text.Json.Serialization;

namespace Pipeline.Deploy;

/// <summary>How production traffic moves to the new revision (ECS's BLUE_GREEN, LINEAR and CANARY).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrafficShiftKind>))]
public enum TrafficShiftKind
{
    /// <summary>100 % in one atomic switch (ECS BLUE_GREEN).</summary>
    AllAtOnce,

    /// <summary>Equal steps of <see cref="TrafficShift.StepPercent"/>, each followed by a bake (ECS LINEAR).</summary>
    Linear,

    /// <summary><see cref="TrafficShift.StepPercent"/> first, a bake, then the rest (ECS CANARY).</summary>
    Canary,
}

/// <summary>One step of a traffic shift: the new revision's cumulative share of production and the bake after it.</summary>
public sealed record TrafficStep(int Index, int Percent, TimeSpan Bake);

/// <summary>
/// A production traffic shift plan. Percentages are whole numbers because the edge routes by integer weights;
/// ECS accepts fractions, which its platform passes through from its own configuration.
/// </summary>
public sealed record TrafficShift(TrafficShiftKind Kind, int StepPercent = 100, TimeSpan StepBake = default)
{
    /// <summary>All traffic at once.</summary>
    public static TrafficShift AllAtOnce { get; } = new(TrafficShiftKind.AllAtOnce);

    /// <summary>Steps of <paramref name="stepPercent"/> % with <paramref name="stepBake"/> watched after each.</summary>
    public static TrafficShift Linear(int stepPercent, TimeSpan stepBake) => new(TrafficShiftKind.Linear, stepPercent, stepBake);

    /// <summary><paramref name="percent"/> % first, watched for <paramref name="bake"/>, then 100 %.</summary>
    public static TrafficShift Canary(int percent, TimeSpan bake) => new(TrafficShiftKind.Canary, percent, bake);

    /// <summary>Null when valid; otherwise one line naming the wrong setting and its valid range.</summary>
    public string? Validate() => Kind switch
    {
        TrafficShiftKind.AllAtOnce => null,
        _ when StepPercent is < 1 or > 100 =>
            $"traffic shift {Kind}: step percent {StepPercent} is outside 1..100",
        _ when StepBake < TimeSpan.Zero => $"traffic shift {Kind}: step bake time {StepBake} must be 0 or more",
        TrafficShiftKind.Canary when StepPercent == 100 =>
            "traffic shift Canary: canary percent 100 leaves no canary step; use 1..99 or AllAtOnce",
        _ when !Enum.IsDefined(Kind) => $"traffic shift kind {(int)Kind} is unknown: use AllAtOnce, Linear or Canary",
        _ => null,
    };

    /// <summary>The steps in order; the last one is always 100 % with no step bake (the bake stage follows it).</summary>
    public IReadOnlyList<TrafficStep> Steps()
    {
        var percents = new List<int>();
        switch (Kind)
        {
            case TrafficShiftKind.Linear:
                for (var p = StepPercent; p < 100; p += StepPercent)
                {
                    percents.Add(p);
                }

                break;
            case TrafficShiftKind.Canary:
                percents.Add(StepPercent);
                break;
            default:
                break;
        }

        percents.Add(100);
        return percents.Select((p, i) => new TrafficStep(i + 1, p, p == 100 ? TimeSpan.Zero : StepBake)).ToList();
    }

    /// <summary>"Linear 25 % every 2s", for logs and records.</summary>
    public override string ToString() => Kind switch
    {
        TrafficShiftKind.Linear => $"Linear {StepPercent} % every {Seconds(StepBake)}",
        TrafficShiftKind.Canary => $"Canary {StepPercent} % for {Seconds(StepBake)}",
        _ => "AllAtOnce",
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    /// <summary>
    /// Parses "all-at-once", "linear:25:2s" or "canary:10:30s" (for a command-line parameter); throws
    /// <see cref="DeploySettingsException"/> with one line when it cannot.
    /// </summary>
    public static TrafficShift Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        var kind = parts[0].Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        if (kind is "ALLATONCE" or "BLUEGREEN" && parts.Length == 1)
        {
            return AllAtOnce;
        }

        if (kind is "LINEAR" or "CANARY" && parts.Length == 3
            && int.TryParse(parts[1].TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent)
            && DurationText.TryParse(parts[2], out var bake))
        {
            var shift = kind == "LINEAR" ? Linear(percent, bake) : Canary(percent, bake);
            return shift.Validate() is { } error ? throw new DeploySettingsException(error) : shift;
        }

        throw new DeploySettingsException(
            $"traffic shift '{text}' is not understood: use all-at-once, linear:<percent>:<bake> or canary:<percent>:<bake> (e.g. linear:25:10s)");
    }
}
