namespace Pipeline.Engine.Tools;

/// <summary>The tool's executable was not found.</summary>
public sealed class ToolNotFoundException(string message) : Exception(message);
