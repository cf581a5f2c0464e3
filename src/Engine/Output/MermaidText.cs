namespace Pipeline.Engine.Output;

/// <summary>Makes text safe inside Mermaid labels and task names.</summary>
internal static class MermaidText
{
    /// <summary>A quoted label's content: quotes become entities, line breaks spaces.</summary>
    public static string Label(string text) =>
        text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>A gantt task name: ':' and ';' separate fields and '#' starts an entity there, so they become look-alikes.</summary>
    public static string TaskName(string text) =>
        text.Replace(':', '∶').Replace(';', ',').Replace('#', '♯').Replace('\n', ' ').Replace('\r', ' ').Trim();
}
