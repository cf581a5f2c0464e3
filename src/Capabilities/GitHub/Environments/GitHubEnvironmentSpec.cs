namespace Pipeline.GitHub.Environments;

/// <summary>
/// An environment the build declares with its GitHub settings: what the repository must have (its counterpart, what it
/// has, is <see cref="GitHubEnvironmentState"/>).
/// </summary>
public sealed record GitHubEnvironmentSpec(string Name, GitHubEnvironmentSettings Settings);
