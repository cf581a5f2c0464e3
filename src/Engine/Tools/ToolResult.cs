namespace Pipeline.Engine.Tools;

/// <summary>A finished tool run: exit code and every output line (stdout and stderr interleaved as they came).</summary>
public sealed record ToolResult(int ExitCode, IReadOnlyList<string> Lines)
{
    public string Text => string.Join('\n', Lines);
}
