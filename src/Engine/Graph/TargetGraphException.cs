namespace Pipeline.Engine.Graph;

/// <summary>The target graph is not valid: an unknown target, a cycle. The message is one line for the console.</summary>
public sealed class TargetGraphException(string message) : Exception(message);
