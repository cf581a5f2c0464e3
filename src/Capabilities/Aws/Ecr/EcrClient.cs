using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Aws.Ecr;

/// <summary>
/// Amazon ECR through its JSON 1.1 API: registry credentials for <c>docker login</c>/push, repositories and images.
/// </summary>
public sealed class EcrClient : IDisposable
{
    private readonly AwsJsonClient client;
    private readonly ILogger logger;

    /// <summary>Creates a client; region, endpoint and credentials resolve on the first request.</summary>
    public EcrClient(AwsClientOptions options, ILogger? logger = null)
    {
        this.logger = logger ?? NullLogger.Instance;
        client = new AwsJsonClient(AwsService.Ecr, options, this.logger);
    }

    /// <summary>The underlying signed JSON client (region, endpoint).</summary>
    public AwsJsonClient Client => client;

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcrOperations.GetAuthorizationToken, request, cancellationToken);

    public Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcrOperations.DescribeRepositories, request, cancellationToken);

    public Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcrOperations.CreateRepository, request, cancellationToken);

    public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcrOperations.DescribeImages, request, cancellationToken);

    /// <summary>
    /// The decoded registry login (user <c>AWS</c>, password, registry) for the default registry or <paramref name="registryId"/>.
    /// </summary>
    public async Task<EcrRegistryCredentials> GetRegistryCredentialsAsync(string? registryId, CancellationToken cancellationToken)
    {
        var request = new GetAuthorizationTokenRequest { RegistryIds = registryId is null ? null : [registryId] };
        var response = await GetAuthorizationTokenAsync(request, cancellationToken);
        var data = response.AuthorizationData.FirstOrDefault()
            ?? throw Invalid("GetAuthorizationToken", "the response holds no authorizationData");
        return Decode(data);
    }

    /// <summary>The repository, or null when ECR answers <c>RepositoryNotFoundException</c>.</summary>
    public async Task<Repository?> FindRepositoryAsync(string repositoryName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryName);
        try
        {
            var response = await DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [repositoryName] }, cancellationToken);
            return response.Repositories.FirstOrDefault(r => r.RepositoryName == repositoryName);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "RepositoryNotFoundException")
        {
            return null;
        }
    }

    /// <summary>
    /// The repository, created (with the given scan-on-push and tag immutability) when it does not exist yet.
    /// An existing repository is left as it is; a difference in settings is logged as a warning.
    /// </summary>
    public async Task<EnsuredRepository> EnsureRepositoryAsync(string repositoryName, bool scanOnPush, bool immutableTags, CancellationToken cancellationToken)
    {
        var mutability = immutableTags ? ImageTagMutability.Immutable : ImageTagMutability.Mutable;
        var existing = await FindRepositoryAsync(repositoryName, cancellationToken);
        if (existing is not null)
        {
            WarnOnDifferentSettings(existing, scanOnPush, mutability);
            return new EnsuredRepository(existing, Created: false);
        }

        try
        {
            var created = await CreateRepositoryAsync(
                new CreateRepositoryRequest
                {
                    RepositoryName = repositoryName,
                    ImageTagMutability = mutability,
                    ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = scanOnPush },
                },
                cancellationToken);
            var repository = created.Repository ?? throw Invalid("CreateRepository", "the response holds no repository");
            logger.LogInformation(
                "Created ECR repository {Repository} ({Mutability}, scan on push {ScanOnPush})", repository.RepositoryUri ?? repositoryName, mutability, scanOnPush);
            return new EnsuredRepository(repository, Created: true);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "RepositoryAlreadyExistsException")
        {
            // Another job created it between our two calls.
            var raced = await FindRepositoryAsync(repositoryName, cancellationToken);
            if (raced is null)
            {
                throw;
            }

            return new EnsuredRepository(raced, Created: false);
        }
    }

    /// <summary>The image a tag or digest points at, or null when ECR answers <c>ImageNotFoundException</c>.</summary>
    public async Task<ImageDetail?> FindImageAsync(string repositoryName, ImageIdentifier image, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryName);
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            var response = await DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = repositoryName, ImageIds = [image] }, cancellationToken);
            return response.ImageDetails.FirstOrDefault();
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ImageNotFoundException")
        {
            return null;
        }
    }

    public void Dispose() => client.Dispose();

    internal static EcrRegistryCredentials Decode(AuthorizationData data)
    {
        if (string.IsNullOrEmpty(data.AuthorizationToken) || string.IsNullOrEmpty(data.ProxyEndpoint))
        {
            throw Invalid("GetAuthorizationToken", "the authorization data lacks authorizationToken or proxyEndpoint");
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken));
        }
        catch (FormatException e)
        {
            throw Invalid("GetAuthorizationToken", "the authorizationToken is not base64", e);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Invalid("GetAuthorizationToken", "the authorizationToken is not 'user:password'");
        }

        var endpoint = data.ProxyEndpoint.Contains("://", StringComparison.Ordinal) ? data.ProxyEndpoint : "https://" + data.ProxyEndpoint;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var proxyEndpoint))
        {
            throw Invalid("GetAuthorizationToken", $"the proxyEndpoint '{data.ProxyEndpoint}' is not a URL");
        }

        return new EcrRegistryCredentials(decoded[..colon], decoded[(colon + 1)..], proxyEndpoint, data.ExpiresAt);
    }

    private void WarnOnDifferentSettings(Repository existing, bool scanOnPush, string mutability)
    {
        if (existing.ImageTagMutability is { } actual && actual != mutability)
        {
            logger.LogWarning(
                "ECR repository {Repository} exists with tag mutability {Actual}, not {Expected}; left unchanged", existing.RepositoryName, actual, mutability);
        }

        if (existing.ImageScanningConfiguration?.ScanOnPush is { } scanning && scanning != scanOnPush)
        {
            logger.LogWarning(
                "ECR repository {Repository} exists with scan on push {Actual}, not {Expected}; left unchanged", existing.RepositoryName, scanning, scanOnPush);
        }
    }

    private static AwsServiceException Invalid(string operation, string problem, Exception? inner = null) =>
        new("ECR", operation, "InvalidResponse", problem, System.Net.HttpStatusCode.OK, null, 1, inner);
}
