using Pipeline.Testing.Aws;

namespace Pipeline.Aws.Tests;

/// <summary>
/// The test classes that share one moto server (starting one costs a python process's worth of CPU): their resources
/// have unique names, so they never see each other's. IAM enforcement is server-wide, so that test keeps its own server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
