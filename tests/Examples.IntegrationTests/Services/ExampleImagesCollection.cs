namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>The example tests share one build of each service image.</summary>
[CollectionDefinition(Name)]
public sealed class ExampleImagesCollection : ICollectionFixture<ExampleImages>
{
    public const string Name = "example images";
}
