using Pipeline.Testing.Packages;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>The tests that start repositories from the template: they share one pack of the packages and the template.</summary>
[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<TemplatePackages>
{
    public const string Name = "template";
}
