using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Images;

namespace Pipeline.Deploy.Docker;

/// <summary>The images an environment runs, as the engine has them: found, or pulled when a reference is missing.</summary>
internal sealed class DockerImages(DockerApi api, ILogger logger)
{
    /// <summary>
    /// Makes sure <paramref name="reference"/> is on the engine; pulls it (anonymously) when it is a reference that is
    /// missing. Returns the image.
    /// </summary>
    public async Task<ImageInspectResponse> EnsureAsync(string reference, string what, CancellationToken cancellationToken)
    {
        if (await TryInspectAsync(reference, cancellationToken) is { } image)
        {
            return image;
        }

        if (ImageReference.TryParse(reference, out var parsed))
        {
            logger.LogInformation("Pulling {What} {Image}", what, reference);
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(TimeSpan.FromMinutes(5));
                await api.CallAsync(c => c.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = parsed.Name, Tag = parsed.Digest ?? parsed.Tag ?? "latest" },
                    null, new Progress<JSONMessage>(), limit.Token));
            }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new DeployException(
                    $"{what} {reference} is not on the Docker engine at {api.Endpoint} and could not be pulled " +
                    $"({(e is DockerApiException error ? DockerApi.MessageOf(error) : "timed out")}): pull or build it, or choose another image", e);
            }

            if (await TryInspectAsync(reference, cancellationToken) is { } pulled)
            {
                return pulled;
            }
        }

        throw new DeployException($"{what} {reference} not found on the Docker engine at {api.Endpoint}: pull or build it, or choose another image");
    }

    public async Task<ImageInspectResponse?> TryInspectAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await api.CallAsync(c => c.Images.InspectImageAsync(reference, cancellationToken));
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
    }
}
