namespace Pipeline.Components.Testing;

/// <summary>One or more test projects failed.</summary>
public sealed class TestsFailedException(string message) : Exception(message);
