using System.Collections.Frozen;

namespace Pipeline.Testing.Requirements;

/// <summary>
/// Whether each <see cref="Requirement"/> is here (probed once per test run), its <c>PIPELINE_REQUIRE_*</c> switch, and
/// the verdict for a test that needs several: run, skip with the reasons, or fail because a switch demands what is missing.
/// </summary>
public static class Availability
{
    private static readonly FrozenDictionary<Requirement, Lazy<string?>> Probed = Enum.GetValues<Requirement>()
        .ToFrozenDictionary(requirement => requirement, requirement => new Lazy<string?>(() => Probes.UnavailableReason(requirement)));

    /// <summary>The environment variable that, set to 1, turns a missing <paramref name="requirement"/> into a failure.</summary>
    public static string Switch(Requirement requirement) => "PIPELINE_REQUIRE_" + requirement switch
    {
        Requirement.Docker => "DOCKER",
        Requirement.Moto => "MOTO",
        Requirement.AwsCli => "AWS_CLI",
        Requirement.Registry => "REGISTRY",
        Requirement.Prism => "PRISM",
        Requirement.Actionlint => "ACTIONLINT",
        Requirement.PowerShell => "PWSH",
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, "a requirement without a switch"),
    };

    /// <summary>True when the switch of <paramref name="requirement"/> is set: a missing one fails the tests that need it.</summary>
    public static bool IsRequired(Requirement requirement) => Environment.GetEnvironmentVariable(Switch(requirement)) == "1";

    /// <summary>Null when <paramref name="requirement"/> is here; otherwise why not and how to get it.</summary>
    public static string? UnavailableReason(Requirement requirement) => Probed[requirement].Value;

    /// <summary>
    /// True when the tests needing <paramref name="requirement"/> are skipped in this run (missing, switch off): a fixture
    /// they share then starts nothing.
    /// </summary>
    public static bool Skips(Requirement requirement) => UnavailableReason(requirement) is not null && !IsRequired(requirement);

    /// <summary>Throws, naming the switch and what is missing, unless <paramref name="requirement"/> is here.</summary>
    public static void Ensure(Requirement requirement)
    {
        if (UnavailableReason(requirement) is { } reason)
        {
            throw new InvalidOperationException(FailureLine(requirement, reason));
        }
    }

    /// <summary>What a test needing <paramref name="requirements"/> does in this run.</summary>
    public static RequirementVerdict Judge(IEnumerable<Requirement> requirements)
    {
        var missing = requirements.Distinct()
            .Select(requirement => (Requirement: requirement, Reason: UnavailableReason(requirement)))
            .Where(m => m.Reason is not null)
            .ToList();
        var demanded = missing.Where(m => IsRequired(m.Requirement)).ToList();
        if (demanded.Count > 0)
        {
            return new RequirementVerdict(null, string.Join("; ", demanded.Select(m => FailureLine(m.Requirement, m.Reason!))));
        }

        return missing.Count == 0
            ? new RequirementVerdict(null, null)
            : new RequirementVerdict(string.Join("; ", missing.Select(m => $"{m.Reason} ({Switch(m.Requirement)}=1 makes this a failure)")), null);
    }

    private static string FailureLine(Requirement requirement, string reason) => $"{Switch(requirement)}=1 but {reason}";
}

/// <summary>Run (both null), skip with <see cref="SkipReason"/>, or fail with <see cref="Failure"/>.</summary>
public sealed record RequirementVerdict(string? SkipReason, string? Failure);
