namespace Pipeline.GitHub.Environments;

/// <summary>An environment the build declares with its GitHub settings: what the repository must have.</summary>
public sealed record DeclaredEnvironment(string Name, GitHubEnvironmentSettings Settings);
