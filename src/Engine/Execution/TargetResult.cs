namespace Pipeline.Engine.Execution;

/// <summary>How one target ended. <see cref="Reason"/> explains a skip, a failure or why it did not run.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Reason = null);
