namespace Pipeline.Engine.Parameters;

/// <summary>A parameter could not be bound: wrong type, unknown name, malformed file. The message is one line.</summary>
public sealed class ParameterException(string message) : Exception(message);
