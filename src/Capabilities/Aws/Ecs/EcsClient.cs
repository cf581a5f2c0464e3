using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// Amazon ECS through its JSON 1.1 API. A thin typed layer on <see cref="AwsJsonClient"/>: each operation is one
/// request/response record pair registered in <see cref="EcsJsonContext"/>.
/// </summary>
public sealed class EcsClient : IDisposable
{
    private readonly AwsJsonClient client;

    /// <summary>Creates a client; region, endpoint and credentials resolve on the first request.</summary>
    public EcsClient(AwsClientOptions options, ILogger? logger = null) => client = new AwsJsonClient(AwsService.Ecs, options, logger);

    /// <summary>The underlying signed JSON client (region, endpoint).</summary>
    public AwsJsonClient Client => client;

    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("DescribeServices", request, EcsJsonContext.Default.DescribeServicesRequest, EcsJsonContext.Default.DescribeServicesResponse, cancellationToken);

    public void Dispose() => client.Dispose();
}
