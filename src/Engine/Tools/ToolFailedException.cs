namespace Pipeline.Engine.Tools;

/// <summary>A tool exited with a non-zero code. <see cref="LastLines"/> holds the end of its (masked) output.</summary>
public sealed class ToolFailedException(string command, int exitCode, IReadOnlyList<string> lastLines)
    : Exception($"'{command}' exited with code {exitCode}")
{
    public string Command { get; } = command;
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<string> LastLines { get; } = lastLines;
}
