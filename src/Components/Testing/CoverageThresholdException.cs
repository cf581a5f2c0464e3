namespace Pipeline.Components.Testing;

/// <summary>Line coverage is below the required threshold.</summary>
public sealed class CoverageThresholdException(string message) : Exception(message);
