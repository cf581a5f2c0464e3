using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.Lambda;
using Pipeline.Images;
using Pipeline.Images.Pushing;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing.Images;
using Pipeline.Testing.Requirements;

namespace Pipeline.Deploy.Lambda.IntegrationTests.Support;

/// <summary>
/// The local Lambda of its own suite (<see cref="LocalLambdaFixture"/>: in this process, a CloudWatch minute lasting a
/// second, updates a second, every exchange logged for the model check), a registry, and the sample's HTTP surface as
/// a function image (<c>Support/sample-function</c> on the local Lambda's runtime loop) pushed there, so the platform
/// deploys it by digest as it would from ECR.
/// </summary>
public sealed class LambdaPlatformFixture : IAsyncLifetime
{
    private readonly RegistryServer registry = new();
    private string? sampleTag;

    public LocalLambdaFixture Lambda { get; } = new();

    /// <summary>The sample function image, pushed: <c>127.0.0.1:port/lambda-platform-sample@sha256:…</c>.</summary>
    public string Image { get; private set; } = "";

    public AWSCredentials Credentials => new BasicAWSCredentials(LocalLambdaFixture.AccessKey, Lambda.SecretKey);

    public static bool Skipped => Availability.Skips(Requirement.Docker) || Availability.Skips(Requirement.AwsCli) || Availability.Skips(Requirement.Registry);

    public async Task InitializeAsync()
    {
        if (Skipped)
        {
            return;
        }

        await Lambda.InitializeAsync();
        await registry.InitializeAsync();
        sampleTag = $"lambda-platform-sample:{Guid.NewGuid():N}"[..40];
        var built = await FunctionImages.DockerAsync(
            "build", "-q", "-t", sampleTag, "--build-arg", $"BASE_IMAGE={Lambda.ImageV1}", Path.Combine(AppContext.BaseDirectory, "Support", "sample-function"));
        Assert.True(built.ExitCode == 0, $"docker build of the sample function failed: {built.Error}");
        using var docker = DockerConnection.Open();
        using var client = new RegistryClient();
        var pushed = await new ImagePusher(docker, client, NullLogger.Instance).PushAsync(
            sampleTag,
            ImageReference.Parse($"{registry.Host}/lambda-platform-sample:{Guid.NewGuid():N}"),
            new RegistryCredentials(registry.Host, registry.Username, registry.Password),
            CancellationToken.None);
        Image = pushed.Pinned;
    }

    public async Task DisposeAsync()
    {
        if (Skipped)
        {
            return;
        }

        await Lambda.DisposeAsync();
        registry.Dispose();
        if (sampleTag is not null)
        {
            await FunctionImages.RemoveAsync(sampleTag, Image);
        }
    }

    /// <summary>A Lambda client on the local Lambda, for what tests observe beside the platform.</summary>
    public LambdaClient Client() => new(new AwsClientOptions { Region = "us-east-1", ServiceUrl = Lambda.Endpoint, Credentials = Credentials, MaxRetries = 1 });
}

/// <summary>All Lambda platform tests share one local Lambda and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LambdaPlatformCollection : ICollectionFixture<LambdaPlatformFixture>
{
    public const string Name = "Lambda platform";
}
