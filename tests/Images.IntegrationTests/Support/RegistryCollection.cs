using Pipeline.Testing.Aws;
using Pipeline.Testing.Images;

namespace Pipeline.Images.IntegrationTests.Support;

/// <summary>
/// One registry (htpasswd user AWS with moto's ECR token password) and one moto server for all push tests: they run
/// one after another, so blob upload counts in the registry's access log belong to one test at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryServer>, ICollectionFixture<MotoServer>
{
    public const string Name = "registry";
}
