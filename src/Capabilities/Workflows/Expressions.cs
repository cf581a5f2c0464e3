using System.Text.RegularExpressions;

namespace Pipeline.Workflows;

/// <summary>Helpers for GitHub expressions (<c>${{ … }}</c>) and the rules about where they may appear.</summary>
public static partial class Expressions
{
    /// <summary><c>${{ needs.&lt;job&gt;.outputs.&lt;output&gt; }}</c>: a value an upstream job produced.</summary>
    public static string JobOutput(string job, string output) => $"${{{{ needs.{job}.outputs.{output} }}}}";

    /// <summary><c>${{ vars.&lt;name&gt; }}</c>: a repository or environment configuration variable.</summary>
    public static string Variable(string name) => $"${{{{ vars.{name} }}}}";

    /// <summary><c>${{ secrets.&lt;name&gt; }}</c>: declare the name in <c>WorkflowDefinition.Secrets</c>.</summary>
    public static string Secret(string name) => $"${{{{ secrets.{name} }}}}";

    public static string Input(string name) => $"${{{{ inputs.{name} }}}}";

    public static string Matrix(string name) => $"${{{{ matrix.{name} }}}}";

    public static bool Contains(string text) => text.Contains("${{", StringComparison.Ordinal);

    /// <summary>The bodies of the <c>${{ … }}</c> expressions in a string.</summary>
    public static IEnumerable<string> Find(string text) =>
        ExpressionPattern().Matches(text).Select(m => m.Groups[1].Value.Trim());

    /// <summary>
    /// The context paths in <paramref name="expression"/> that an outsider can control (event payload, inputs, head
    /// ref, outputs of other jobs): they must reach a script through <c>env:</c>, never inline.
    /// </summary>
    public static IEnumerable<string> Untrusted(string expression) =>
        UntrustedPattern().Matches(expression).Select(m => m.Value);

    /// <summary>Job ids referenced as <c>needs.&lt;job&gt;</c>.</summary>
    public static IEnumerable<string> NeededJobs(string text) =>
        Find(text).SelectMany(e => NeedsPattern().Matches(e)).Select(m => m.Groups[1].Value);

    /// <summary>Secret names referenced as <c>secrets.&lt;name&gt;</c>.</summary>
    public static IEnumerable<string> Secrets(string text) =>
        Find(text).SelectMany(e => SecretsPattern().Matches(e)).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"\b(?:github\.event(?![A-Za-z0-9_])[A-Za-z0-9_.\[\]'*-]*|github\.head_ref|inputs\.[A-Za-z0-9_-]+|needs\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex UntrustedPattern();

    [GeneratedRegex(@"\bneeds\.([A-Za-z_][A-Za-z0-9_-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex NeedsPattern();

    [GeneratedRegex(@"\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex SecretsPattern();
}
