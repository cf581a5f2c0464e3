namespace Pipeline.Components;

/// <summary>The committed workflow files differ from what the build declares.</summary>
public sealed class StaleWorkflowsException(string message) : Exception(message);
