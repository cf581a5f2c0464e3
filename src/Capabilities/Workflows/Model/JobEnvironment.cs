namespace Pipeline.Workflows.Model;

/// <summary>
/// A job's <c>environment:</c> as written into the workflow YAML: the GitHub environment it runs in (protection rules
/// such as required reviewers live there) with an optional URL.
/// </summary>
public sealed record JobEnvironment(string Name, string? Url = null);
