namespace Pipeline.Workflows.Model;

/// <summary>A GitHub environment (protection rules such as required reviewers live there) with an optional URL.</summary>
public sealed record DeploymentEnvironment(string Name, string? Url = null);
