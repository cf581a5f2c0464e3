using System.Text.RegularExpressions;

namespace Pipeline.Deploy.Local;

/// <summary>A named local environment: its name and the loopback ports of its edge.</summary>
/// <param name="Name">Lower-case name: letters, digits and dashes.</param>
/// <param name="PublicPort">The stable port the service is reached on.</param>
/// <param name="TestPort">The test listener (always the new revision while deploying).</param>
public sealed partial record EnvironmentDefinition(string Name, int PublicPort, int TestPort)
{
    /// <summary>The built-in environments: <c>local</c> on 127.0.0.1:5080 (test 5081).</summary>
    public static IReadOnlyList<EnvironmentDefinition> Defaults { get; } = [new("local", 5080, 5081)];

    /// <summary>Null when valid; otherwise one line saying what is wrong.</summary>
    public string? Validate() => this switch
    {
        _ when !NamePattern().IsMatch(Name) =>
            $"environment name '{Name}' is invalid: use lower-case letters, digits and dashes (e.g. local, staging-2)",
        { PublicPort: < 1 or > 65535 } => $"environment '{Name}': public port {PublicPort} is outside 1..65535",
        { TestPort: < 1 or > 65535 } => $"environment '{Name}': test port {TestPort} is outside 1..65535",
        _ when PublicPort == TestPort => $"environment '{Name}': public and test port are both {PublicPort}; give each its own",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
