using Pipeline.Testing.Packages;

namespace Pipeline.Examples.IntegrationTests.Delivery;

/// <summary>The tests that run the examples' builds on the Pipeline packages: they share one pack of them.</summary>
[CollectionDefinition(Name)]
public sealed class ExamplePackagesCollection : ICollectionFixture<TemplatePackages>
{
    public const string Name = "example packages";
}
