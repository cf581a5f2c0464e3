namespace Pipeline.Engine.Execution;

/// <summary>Scheduled targets have unmet requirements; the message lists each on its own line.</summary>
public sealed class RequirementException(string message) : Exception(message);
