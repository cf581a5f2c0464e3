using Pipeline.Deploy.Lambda.IntegrationTests.Support;
using Pipeline.Testing.Deploy.Contract;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Lambda.IntegrationTests;

/// <summary>
/// The platform contract on AWS Lambda (the local Lambda): the sample function, pushed to a registry, deployed by digest
/// to a function the environment creates on its first deploy, production through the alias's function URL. The shared
/// checks are inherited from <see cref="PlatformContract"/>; every exchange with the local Lambda is checked against
/// the official Lambda and CloudWatch models after each test.
/// </summary>
[Collection(LambdaPlatformCollection.Name)]
[Requires(Requirement.Docker, Requirement.AwsCli, Requirement.Registry)]
public sealed class LambdaPlatformContractTests(LambdaPlatformFixture fixture, ITestOutputHelper output)
    : PlatformContract(new LambdaUnderTest(fixture), output), IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (!LambdaPlatformFixture.Skipped)
        {
            fixture.Lambda.AssertExchangesConform();
        }

        return Task.CompletedTask;
    }
}
