using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Ecr;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Images;
using Pipeline.Images.Ecr;
using Pipeline.Images.Pushing;
using Pipeline.Workflows.Definition;

namespace Pipeline.Components;

/// <summary>
/// Where <c>Push</c> pushes: Amazon ECR (token from the ECR API, repository created when missing) or any registry with
/// basic credentials, once per digest. <see cref="IPush"/> pushes the one image of a build, <c>IDeliverServices</c> one per service.
/// </summary>
public interface IRegistry : IPipelineBuild
{
    [Parameter("Registry repository to push to: an ECR repository name (with --ecr) or host[:port]/repository")]
    string? Registry => Parameters.Get<string>(nameof(Registry));

    [Parameter("Push to Amazon ECR: credentials from the AWS chain (environment, profile, OIDC web identity)")]
    bool Ecr => Parameters.Get(nameof(Ecr), false);

    [Parameter("AWS region for ECR (default: the AWS chain's)")]
    string? AwsRegion => Parameters.Get<string>(nameof(AwsRegion));

    [Parameter("Endpoint URL for the ECR API (moto, LocalStack, a VPC endpoint)")]
    Uri? EcrEndpoint => Parameters.Get<Uri>(nameof(EcrEndpoint));

    [Parameter("Registry to push to instead of the one ECR names (tests, pull-through proxies)")]
    Uri? EcrRegistryOverride => Parameters.Get<Uri>(nameof(EcrRegistryOverride));

    [Parameter("Create the ECR repository with immutable tags")]
    bool ImmutableTags => Parameters.Get(nameof(ImmutableTags), true);

    /// <summary>
    /// How the generated image job signs in to this registry before <c>Push</c> runs: by default GitHub's OIDC token for
    /// the role and region the repository's variables name (<see cref="AwsRole.FromVariables"/>: ECR reads the AWS chain);
    /// null for a registry that needs none (a plain registry reads <c>--registry-password</c> from a secret).
    /// </summary>
    JobCredentials? RegistryJobCredentials => AwsRole.FromVariables;

    [Parameter("User name for a plain registry")]
    string? RegistryUsername => Parameters.Get<string>(nameof(RegistryUsername));

    [Parameter("Password for a plain registry"), Secret]
    string? RegistryPassword => Parameters.Get<string>(nameof(RegistryPassword));

    /// <summary>
    /// Pushes the local image <paramref name="imageId"/> under <paramref name="tag"/> to <paramref name="repository"/>
    /// (an ECR repository name with <c>--ecr</c>, else <c>host[:port]/repository</c>); skipped when the registry has it.
    /// </summary>
    async Task<PushedImage> PushImageAsync(string imageId, string tag, string repository, CancellationToken cancellationToken)
    {
        var logger = LoggerFactory.CreateLogger("Push");
        using var docker = DockerConnection.Open();
        using var registry = new RegistryClient();
        var pusher = new ImagePusher(docker, registry, logger);
        if (Ecr)
        {
            using var ecr = new EcrClient(new AwsClientOptions { Region = AwsRegion, ServiceUrl = EcrEndpoint }, logger);
            return await new EcrPublisher(ecr, pusher, logger).PushAsync(
                imageId, tag, new EcrPushOptions(repository) { ImmutableTags = ImmutableTags, RegistryOverride = EcrRegistryOverride }, cancellationToken);
        }

        var target = ImageReference.Parse(repository);
        var credentials = RegistryUsername is { } user ? new RegistryCredentials(target.RegistryHost, user, RegistryPassword ?? "") : null;
        return await pusher.PushAsync(imageId, target.WithTag(tag), credentials, cancellationToken);
    }
}
