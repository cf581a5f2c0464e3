using System.Globalization;
using System.Text;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Parameters;

namespace Pipeline.Engine.Execution;

/// <summary><c>--help</c>: targets with descriptions and direct dependencies, then parameters.</summary>
internal static class HelpText
{
    public static string Render(
        TargetGraph graph,
        IReadOnlyList<ParameterDescriptor> parameters,
        IReadOnlyDictionary<string, object?> defaults,
        IReadOnlyList<string> defaultTargets)
    {
        var builder = new StringBuilder().AppendLine("Usage: ./build.sh [targets] [--skip [targets]] [--plan [mermaid]] [--verbose] [--profile NAME] [--<parameter> <value>]").AppendLine();
        var listed = graph.Targets.Where(t => !t.Unlisted).ToList();
        var width = listed.Select(t => t.Name.Length + (defaultTargets.Contains(t.Name) ? 10 : 0)).DefaultIfEmpty(0).Max() + 2;
        builder.AppendLine("Targets:");
        foreach (var target in listed)
        {
            var name = target.Name + (defaultTargets.Contains(target.Name) ? " (default)" : "");
            var dependencies = target.DependsOn.Count > 0 ? $"  → {string.Join(", ", target.DependsOn)}" : "";
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}{target.Description}{dependencies}");
        }

        builder.AppendLine().AppendLine("Parameters:");
        var rows = parameters.Select(p => (Name: $"{p.CliName} <{Kind(p)}>", Text: Describe(p, defaults.GetValueOrDefault(p.Name)))).ToList();
        var parameterWidth = rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var (name, text) in rows)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {name.PadRight(parameterWidth)}{text}");
        }

        return builder.AppendLine()
            .AppendLine("Options:")
            .AppendLine("  --skip [targets]     skip these targets (all dependencies when none are named)")
            .AppendLine("  --plan [mermaid]     print the execution plan (as a Mermaid flowchart) and exit")
            .AppendLine("  --verbose            print every line tools write (every test), not only summaries")
            .AppendLine("  --profile NAME       also read .nuke/parameters.NAME.json")
            .AppendLine("  --help               this text")
            .AppendLine()
            .AppendLine("Parameter precedence: command line > environment variable PIPELINE_<NAME> > profile file > .nuke/parameters.json > default.")
            .ToString();
    }

    private static string Kind(ParameterDescriptor parameter)
    {
        var type = parameter.ValueType;
        return type.IsEnum ? string.Join("|", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))
            : type == typeof(bool) ? "bool"
            : type == typeof(int) || type == typeof(long) ? "int"
            : type.IsArray ? "list"
            : type.Name == "AbsolutePath" ? "path"
            : type == typeof(string) ? "text"
            : type.Name.ToLowerInvariant();
    }

    private static string Describe(ParameterDescriptor parameter, object? defaultValue)
    {
        var text = parameter.Description ?? "";
        var notes = new List<string> { "env " + string.Join(" or ", [parameter.EnvironmentName, .. parameter.ExtraEnvironmentVariables]) };
        if (parameter.IsSecret)
        {
            notes.Add("secret");
        }
        else if (defaultValue is not null and not Array && !(defaultValue is false))
        {
            notes.Add("default " + (defaultValue is Enum or bool ? defaultValue.ToString()!.ToLowerInvariant() : Convert.ToString(defaultValue, CultureInfo.InvariantCulture)));
        }

        return $"{text} ({string.Join(", ", notes)})".TrimStart();
    }
}
