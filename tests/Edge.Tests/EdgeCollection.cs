namespace Pipeline.Deploy.Edge.Tests;

/// <summary>Tests sharing one edge process run one after another (each sets the routes it needs).</summary>
[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge";
}
