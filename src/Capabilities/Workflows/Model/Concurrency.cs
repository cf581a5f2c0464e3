namespace Pipeline.Workflows.Model;

/// <summary>A concurrency group. Deployments use <c>cancel-in-progress: false</c>: a deploy is queued, never cut off.</summary>
public sealed record Concurrency(string Group, bool CancelInProgress = false);
