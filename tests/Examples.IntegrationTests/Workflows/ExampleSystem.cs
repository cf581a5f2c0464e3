namespace Pipeline.Examples.IntegrationTests.Workflows;

/// <summary>
/// An example as its delivery workflow deploys it: its folder under <c>examples/</c>, the cluster each environment's
/// services run in (<c>&lt;prefix&gt;-&lt;environment&gt;</c>, as its Build.cs names them), the database its migrations
/// need, its services in deploy order and what each answers once live, and the environments the run deploys to (in
/// promotion order; a shorter run leaves the later ones' deploy jobs out).
/// </summary>
public sealed record ExampleSystem(string Name, string ClusterPrefix, string Database, IReadOnlyList<ServiceAnswer> Services, IReadOnlyList<string> Environments)
{
    /// <summary>The environment behind a reviewer in every example.</summary>
    public const string Reviewed = "production";

    public string Cluster(string environment) => $"{ClusterPrefix}-{environment}";
}

/// <summary>What <paramref name="Service"/> answers at <paramref name="Path"/> on its production listener once live: a body containing <paramref name="Contains"/>.</summary>
public sealed record ServiceAnswer(string Service, string Path, string Contains);
