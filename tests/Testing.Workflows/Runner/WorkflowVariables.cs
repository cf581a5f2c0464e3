using System.Text.RegularExpressions;

namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// GitHub gives an unset configuration variable as empty: a job would silently fall back to a default. Before a run,
/// every <c>vars.NAME</c> a workflow reads is checked to be supplied for each environment it deploys to.
/// </summary>
public static partial class WorkflowVariables
{
    /// <summary>The variables <paramref name="workflowFile"/> reads that <paramref name="settings"/> supplies neither for the repository nor for <paramref name="environment"/>.</summary>
    public static IReadOnlyList<string> Unsupplied(string workflowFile, RunnerSettings settings, string environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var read = VariablePattern().Matches(File.ReadAllText(workflowFile)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var supplied = settings.Variables.Keys
            .Concat(settings.EnvironmentVariables.TryGetValue(environment, out var variables) ? variables.Keys : [])
            .ToHashSet(StringComparer.Ordinal);
        return [.. read.Except(supplied).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\bvars\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
