using Amazon.Runtime;
using Pipeline.Aws.Ecr;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests;

/// <summary>The ECR client against a real moto server: real HTTP, real SigV4, fake credentials.</summary>
[Collection(MotoCollection.Name)]
public sealed class EcrMotoTests(MotoServer moto)
{
    private EcrClient NewClient() => new(new AwsClientOptions
    {
        Region = "eu-west-1",
        ServiceUrl = moto.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = 1,
        Timeout = TimeSpan.FromSeconds(10),
    });

    [FactRequiring(Requirement.Moto)]
    public async Task Creates_and_describes_a_repository()
    {
        using var ecr = NewClient();
        var name = MotoServer.UniqueName("app");

        var created = await ecr.CreateRepositoryAsync(
            new CreateRepositoryRequest
            {
                RepositoryName = name,
                ImageTagMutability = ImageTagMutability.Immutable,
                ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
            },
            CancellationToken.None);
        var described = await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [name] }, CancellationToken.None);

        Assert.Equal(name, created.Repository?.RepositoryName);
        var repository = Assert.Single(described.Repositories);
        Assert.Equal($"{moto.AccountId}.dkr.ecr.eu-west-1.amazonaws.com/{name}", repository.RepositoryUri);
        Assert.Equal(ImageTagMutability.Immutable, repository.ImageTagMutability);
        Assert.True(repository.ImageScanningConfiguration?.ScanOnPush);
        Assert.Equal(moto.AccountId, repository.RegistryId);
        Assert.NotNull(repository.CreatedAt);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Ensure_repository_creates_once_then_finds_it()
    {
        using var ecr = NewClient();
        var name = MotoServer.UniqueName("svc");

        var first = await ecr.EnsureRepositoryAsync(name, scanOnPush: true, immutableTags: false, CancellationToken.None);
        var second = await ecr.EnsureRepositoryAsync(name, scanOnPush: true, immutableTags: false, CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Repository.RepositoryArn, second.Repository.RepositoryArn);
        Assert.Equal(ImageTagMutability.Mutable, second.Repository.ImageTagMutability);
        var all = await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest(), CancellationToken.None);
        Assert.Single(all.Repositories, r => r.RepositoryName == name);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Registry_credentials_decode_to_user_AWS()
    {
        using var ecr = NewClient();

        var credentials = await ecr.GetRegistryCredentialsAsync(null, CancellationToken.None);

        Assert.Equal("AWS", credentials.Username);
        Assert.Equal(moto.EcrPassword, credentials.Password);
        Assert.Equal($"{moto.AccountId}.dkr.ecr.eu-west-1.amazonaws.com", credentials.Registry);
        Assert.Equal(new Uri($"https://{moto.AccountId}.dkr.ecr.eu-west-1.amazonaws.com"), credentials.ProxyEndpoint);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Registry_credentials_for_another_registry_id()
    {
        using var ecr = NewClient();

        var credentials = await ecr.GetRegistryCredentialsAsync("210987654321", CancellationToken.None);

        Assert.Equal(MotoServer.EcrAuthorizationPassword("210987654321"), credentials.Password);
        Assert.StartsWith("210987654321.dkr.ecr.", credentials.Registry, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task An_empty_repository_has_no_images_and_an_unknown_tag_is_not_found()
    {
        using var ecr = NewClient();
        var name = MotoServer.UniqueName("empty");
        await ecr.EnsureRepositoryAsync(name, scanOnPush: false, immutableTags: true, CancellationToken.None);

        var images = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = name }, CancellationToken.None);
        var tagged = await ecr.FindImageAsync(name, ImageIdentifier.ByTag("1.0.0"), CancellationToken.None);

        Assert.Empty(images.ImageDetails);
        Assert.Null(tagged);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task An_unknown_repository_is_a_RepositoryNotFoundException_with_a_human_line()
    {
        using var ecr = NewClient();
        var name = MotoServer.UniqueName("missing");

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = name }, CancellationToken.None));

        Assert.Equal("RepositoryNotFoundException", error.ErrorCode);
        Assert.Equal("ECR", error.Service);
        Assert.Equal("DescribeImages", error.Operation);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.StartsWith("ECR DescribeImages failed: RepositoryNotFoundException: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(create the repository or check its name, account and region)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(await ecr.FindRepositoryAsync(name, CancellationToken.None));
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Creating_an_existing_repository_is_RepositoryAlreadyExistsException()
    {
        using var ecr = NewClient();
        var name = MotoServer.UniqueName("dup");
        await ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = name }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = name }, CancellationToken.None));

        Assert.Equal("RepositoryAlreadyExistsException", error.ErrorCode);
        Assert.False(error.IsRetryable);
    }
}
