using Pipeline.GitHub.StandIn;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary>One GitHub stand-in (Prism and the fake) for every test of this assembly; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GitHubStandInCollection : ICollectionFixture<GitHubStandIn>
{
    public const string Name = "GitHub stand-in";
}
