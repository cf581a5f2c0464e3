using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Images;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// Resolves a function's ImageUri as Lambda does when code is set: once, to a digest, so a tag that moves later does not
/// change the function. The engine's copy is used, pulled first when it has none.
/// </summary>
internal sealed class ImageResolver(DockerConnection docker)
{
    public async Task<ResolvedImage> ResolveAsync(string imageUri, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(imageUri, out var reference))
        {
            throw LambdaException.InvalidParameter($"Source image {imageUri} is not valid. Provide a valid source image.");
        }

        var image = await TryInspectAsync(imageUri, cancellationToken);
        if (image is null)
        {
            await PullAsync(imageUri, reference, cancellationToken);
            image = await TryInspectAsync(imageUri, cancellationToken)
                ?? throw LambdaException.InvalidParameter($"Source image {imageUri} does not exist. Provide a valid source image.");
        }

        var repoDigest = image.RepoDigests?.FirstOrDefault(d => d.StartsWith(reference.Name + "@", StringComparison.Ordinal))
            ?? (reference.Digest is { } pinned ? $"{reference.Name}@{pinned}" : null);
        var digest = repoDigest?[(repoDigest.IndexOf('@', StringComparison.Ordinal) + 1)..] ?? image.ID;
        return new ResolvedImage(
            RunImage: repoDigest ?? image.ID,
            ResolvedImageUri: $"{reference.Name}@{digest}",
            CodeSha256: digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest["sha256:".Length..] : digest,
            Size: image.Size);
    }

    private async Task<ImageInspectResponse?> TryInspectAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.CallAsync(c => c.Images.InspectImageAsync(image, cancellationToken));
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
    }

    private async Task PullAsync(string imageUri, ImageReference reference, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        string? error = null;
        try
        {
            await docker.CallAsync(c => c.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = reference.Name, Tag = reference.Digest ?? reference.Tag ?? "latest" },
                new AuthConfig(),
                new Progress<JSONMessage>(m => error ??= m.Error?.Message),
                limit.Token));
        }
        catch (DockerApiException e)
        {
            error = DockerConnection.MessageOf(e);
        }

        if (error is not null)
        {
            throw LambdaException.InvalidParameter($"Source image {imageUri} does not exist. Provide a valid source image. ({error})");
        }
    }
}

/// <summary>An image resolved for a function: what the engine runs, Lambda's ResolvedImageUri and CodeSha256, and its size.</summary>
internal sealed record ResolvedImage(string RunImage, string ResolvedImageUri, string CodeSha256, long Size);
