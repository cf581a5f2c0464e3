namespace Pipeline.Aws.Ecr;

/// <summary>The repository <see cref="EcrClient.EnsureRepositoryAsync"/> found or created.</summary>
public sealed record EnsuredRepository(Repository Repository, bool Created);
