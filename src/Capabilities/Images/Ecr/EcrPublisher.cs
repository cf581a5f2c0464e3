using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Ecr;
using Pipeline.Images.Pushing;

namespace Pipeline.Images.Ecr;

/// <summary>
/// Pushes to Amazon ECR: token → registry credentials → repository (created when missing) → push → digest.
/// With immutable tags, a tag that already points at another image is reported before anything is uploaded.
/// </summary>
public sealed class EcrPublisher(EcrClient ecr, ImagePusher pusher, ILogger logger)
{
    public async Task<PushedImage> PushAsync(string localImage, string tag, EcrPushOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var credentials = await EcrRegistryAuth.GetCredentialsAsync(ecr, options.RegistryId, options.RegistryOverride, cancellationToken);
            var ensured = await ecr.EnsureRepositoryAsync(options.RepositoryName, options.ScanOnPush, options.ImmutableTags, cancellationToken);
            var target = ImageReference.Parse($"{credentials.ServerAddress}/{options.RepositoryName}").WithTag(tag);
            if (ensured.Repository.ImageTagMutability == ImageTagMutability.Immutable)
            {
                var existing = await ecr.FindImageAsync(options.RepositoryName, ImageIdentifier.ByTag(tag), cancellationToken);
                if (existing?.ImageDigest is { } digest)
                {
                    var local = await pusher.LocalDigestsAsync(localImage, target, cancellationToken);
                    if (!local.Contains(digest))
                    {
                        throw new ImageTagImmutableException(
                            $"Tag {tag} already exists in ECR repository {options.RepositoryName} at {digest} (another image) and the repository's tags are immutable; push a new tag, e.g. the git sha, instead of overwriting it.");
                    }

                    logger.LogInformation("Skipped push: ECR repository {Repository} already holds {Tag} at {Digest}", options.RepositoryName, tag, digest);
                    return new PushedImage(target, digest, Skipped: true, 0, 0, 0);
                }
            }

            return await pusher.PushAsync(localImage, target, credentials, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "AccessDeniedException" or "AccessDenied")
        {
            throw Denied(e, options.RepositoryName);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ImageTagAlreadyExistsException")
        {
            throw new ImageTagImmutableException(
                $"Tag {tag} already exists in ECR repository {options.RepositoryName} and the repository's tags are immutable ({e.ErrorMessage}); push a new tag instead.");
        }
    }

    private static EcrAccessDeniedException Denied(AwsServiceException e, string repository)
    {
        var byRepositoryPolicy = e.ErrorMessage.Contains("resource-based policy", StringComparison.OrdinalIgnoreCase)
            || e.ErrorMessage.Contains("repository policy", StringComparison.OrdinalIgnoreCase);
        var fix = byRepositoryPolicy
            ? $"allow the pipeline's role in the repository policy (aws ecr get-repository-policy --repository-name {repository})"
            : "grant the pipeline's IAM role the ecr: actions it needs (GetAuthorizationToken, DescribeRepositories, CreateRepository, DescribeImages, and the layer upload actions)";
        var who = byRepositoryPolicy ? $"the repository policy of {repository}" : "IAM";
        return new EcrAccessDeniedException(
            $"ECR {e.Operation} was denied by {who}: {OneLine(e.ErrorMessage)}; {fix}.", e);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
