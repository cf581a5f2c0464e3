using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.Images.Pushing;

/// <summary>
/// Pushes a local image to a registry tag through the Docker engine (credentials in X-Registry-Auth) and returns the
/// manifest digest. When the registry already holds the tag at the local image's digest it skips the push and says so.
/// </summary>
public sealed class ImagePusher(DockerConnection docker, RegistryClient registry, ILogger logger)
{
    /// <param name="localImage">Image id or reference of the built image.</param>
    /// <param name="target">Registry tag to push to, e.g. <c>registry.example.com/team/api:sha-0123abcd4567</c>.</param>
    /// <param name="credentials">Registry credentials; null for a registry that needs none.</param>
    /// <param name="cancellationToken">Cancels the push.</param>
    public async Task<PushedImage> PushAsync(string localImage, ImageReference target, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Tag is null || target.Digest is not null)
        {
            throw new InvalidImageReferenceException($"Push target '{target}' must name a tag and no digest, e.g. {target.Name}:1.0.");
        }

        var local = await InspectAsync(localImage, cancellationToken);
        if (!(local.RepoTags ?? []).Contains(target.ToString()))
        {
            await docker.CallAsync(c => c.Images.TagImageAsync(
                local.ID,
                new ImageTagParameters { RepositoryName = target.Name, Tag = target.Tag },
                cancellationToken));
        }

        var remoteDigest = await registry.GetManifestDigestAsync(target, credentials, cancellationToken);
        var localDigests = LocalDigests(local, target);
        if (remoteDigest is not null && localDigests.Contains(remoteDigest))
        {
            logger.LogInformation("Skipped push: {Registry} already holds {Target} at {Digest}", target.RegistryHost, target, remoteDigest);
            return new PushedImage(target, remoteDigest, Skipped: true, 0, 0, 0);
        }

        logger.LogInformation("Pushing {Image} to {Target}", local.ID, target);
        var output = new PushOutput(logger);
        var auth = credentials is null
            ? new AuthConfig()
            : new AuthConfig { Username = credentials.Username, Password = credentials.Password, ServerAddress = credentials.ServerAddress };
        try
        {
            await docker.CallAsync(c => c.Images.PushImageAsync(target.Name, new ImagePushParameters { Tag = target.Tag }, auth, output, cancellationToken));
        }
        catch (DockerApiException e)
        {
            throw new ImagePushException($"The Docker engine refused to push {target}: {Building.ImageBuilder.ApiMessage(e)}");
        }

        if (output.Error is { } error)
        {
            throw Failure(error, target, credentials);
        }

        var digest = output.Digest
            ?? LocalDigests(await InspectAsync(local.ID, cancellationToken), target).FirstOrDefault()
            ?? throw new ImagePushException($"Pushed {target} but the engine reported no manifest digest; check the registry holds the tag.");
        // The registry has the last word: the digest deploys will pull must be the one it serves for the tag.
        var served = await registry.GetManifestDigestAsync(target, credentials, cancellationToken);
        if (served != digest)
        {
            throw new ImagePushException(
                $"Pushed {target} at {digest}, but the registry serves {served ?? "no manifest"} for that tag; another push may have raced this one, so push again.");
        }

        logger.LogInformation(
            "Pushed {Target} at {Digest}: {Pushed} layer(s) uploaded ({Bytes} bytes), {Existing} already present",
            target, digest, output.LayersPushed, output.BytesPushed, output.LayersExisting);
        return new PushedImage(target, digest, Skipped: false, output.LayersPushed, output.LayersExisting, output.BytesPushed);
    }

    /// <summary>The manifest digests the engine knows the local image by in <paramref name="target"/>'s repository (from earlier pushes or pulls).</summary>
    public async Task<IReadOnlySet<string>> LocalDigestsAsync(string localImage, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return LocalDigests(await InspectAsync(localImage, cancellationToken), target);
    }

    private async Task<ImageInspectResponse> InspectAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.CallAsync(c => c.Images.InspectImageAsync(image, cancellationToken));
        }
        catch (DockerImageNotFoundException)
        {
            throw new ImagePushException($"Local image {image} does not exist in the Docker engine; build it first (the Image target).");
        }
    }

    private static HashSet<string> LocalDigests(ImageInspectResponse image, ImageReference target) =>
        (image.RepoDigests ?? [])
            .Where(d => d.StartsWith(target.Name + "@", StringComparison.Ordinal))
            .Select(d => d[(target.Name.Length + 1)..])
            .ToHashSet(StringComparer.Ordinal);

    private static ImageException Failure(string error, ImageReference target, RegistryCredentials? credentials)
    {
        if (error.Contains("unauthorized", StringComparison.OrdinalIgnoreCase) || error.Contains("authentication required", StringComparison.OrdinalIgnoreCase))
        {
            var who = credentials is null ? "no credentials" : $"user '{credentials.Username}'";
            return new RegistryAuthenticationException(
                $"Registry {target.RegistryHost} rejected the push of {target} with {who} ({error}); check the registry username and password (for ECR, the AWS credentials and region).");
        }

        if (error.Contains("cannot be overwritten because the repository is immutable", StringComparison.OrdinalIgnoreCase))
        {
            return new ImageTagImmutableException(
                $"Tag {target.Tag} already exists in {target.Name} at another digest and the repository's tags are immutable; push a new tag (e.g. the git sha) instead.");
        }

        if (error.StartsWith("denied", StringComparison.OrdinalIgnoreCase))
        {
            return new ImagePushException($"Registry {target.RegistryHost} denied the push of {target} ({error}); grant the identity push on that repository (for ECR, check the IAM and repository policies).");
        }

        return new ImagePushException($"Push of {target} failed: {error}");
    }
}
