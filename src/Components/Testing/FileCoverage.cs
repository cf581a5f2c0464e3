namespace Pipeline.Components.Testing;

/// <summary>Coverage of one source file.</summary>
public sealed record FileCoverage(string Path, int Lines, int Covered);
