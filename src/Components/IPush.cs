using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Ecr;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Images;
using Pipeline.Images.Ecr;
using Pipeline.Images.Pushing;

namespace Pipeline.Components;

/// <summary>
/// <c>Push</c>: pushes the image <c>Image</c> built — to Amazon ECR (token from the ECR API, repository created when
/// missing) or to any registry with basic credentials — once per digest, and records <c>&lt;repository&gt;@sha256:…</c> in
/// <c>artifacts/image/digest.txt</c> and, on GitHub Actions, as the step output <c>image</c>.
/// </summary>
public interface IPush : IImage
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

    [Parameter("User name for a plain registry")]
    string? RegistryUsername => Parameters.Get<string>(nameof(RegistryUsername));

    [Parameter("Password for a plain registry"), Secret]
    string? RegistryPassword => Parameters.Get<string>(nameof(RegistryPassword));

    /// <summary>Where <c>Push</c> records the pushed image by digest; deploy targets read it.</summary>
    AbsolutePath DigestFile => ArtifactsDirectory / "image" / "digest.txt";

    Target Push => _ => _
        .Description("Push the image once (skipped when the registry already has it) and record its digest")
        .DependsOn(Image)
        .Requires(() => Registry)
        .Consumes("artifacts/image/local-image.txt")
        .Produces("artifacts/image/digest.txt")
        .Executes(async ct =>
        {
            if (!File.Exists(LocalImageFile))
            {
                throw new FileNotFoundException(
                    $"No built image is recorded in {LocalImageFile.RelativeTo(RootDirectory)}; run ./build.sh Image first (or Push without --skip Image).");
            }

            var target = Ecr ? null : ImageReference.Parse(Registry!);
            var lines = await File.ReadAllLinesAsync(LocalImageFile, ct);
            var (imageId, tag) = (lines[0], ImageReference.Parse(lines[1]).Tag ?? "latest");
            var logger = LoggerFactory.CreateLogger("Push");
            using var docker = DockerConnection.Open();
            using var registry = new RegistryClient();
            var pusher = new ImagePusher(docker, registry, logger);

            PushedImage pushed;
            if (Ecr)
            {
                using var ecr = new EcrClient(new AwsClientOptions { Region = AwsRegion, ServiceUrl = EcrEndpoint }, logger);
                pushed = await new EcrPublisher(ecr, pusher, logger).PushAsync(
                    imageId, tag, new EcrPushOptions(Registry!) { ImmutableTags = ImmutableTags, RegistryOverride = EcrRegistryOverride }, ct);
            }
            else
            {
                var credentials = RegistryUsername is { } user ? new RegistryCredentials(target!.RegistryHost, user, RegistryPassword ?? "") : null;
                pushed = await pusher.PushAsync(imageId, target!.WithTag(tag), credentials, ct);
            }

            await DigestRecord.WriteAsync(pushed, DigestFile, ct);
            Host.SetOutput("image", pushed.Pinned);
            Host.SetOutput("digest", pushed.Digest);
            Output.WriteLine(pushed.Skipped ? $"{pushed.Pinned} is already in the registry; nothing pushed." : $"Pushed {pushed.Pinned}");
        });
}
