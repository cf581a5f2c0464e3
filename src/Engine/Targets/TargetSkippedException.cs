namespace Pipeline.Engine.Targets;

/// <summary>
/// Thrown by a target's action when it finds its work already done (an up-to-date check): the target ends as Skipped with
/// <see cref="Exception.Message"/> as the reason, printed at once and in the summary, and its dependents run.
/// </summary>
public sealed class TargetSkippedException(string reason) : Exception(reason);
