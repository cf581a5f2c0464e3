using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Lambda;

/// <summary>
/// AWS Lambda through its REST-JSON API: functions from container images, versions, weighted aliases, invocations.
/// A thin typed layer on <see cref="AwsJsonClient"/> (<see cref="LambdaOperations"/> says where each member travels), so
/// it has the client's rules: retries of throttling and 5xx, and of <c>ResourceConflictException</c> "An update is in
/// progress" on its own budget; one-line errors naming the IAM action.
/// </summary>
public sealed class LambdaClient : IDisposable
{
    private readonly AwsJsonClient client;

    /// <summary>Creates a client; region, endpoint and credentials resolve on the first request.</summary>
    public LambdaClient(AwsClientOptions options, ILogger? logger = null) => client = new AwsJsonClient(AwsService.Lambda, options, logger);

    /// <summary>The underlying signed client (region, endpoint).</summary>
    public AwsJsonClient Client => client;

    public Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.CreateFunction, request, cancellationToken);

    public Task<GetFunctionResponse> GetFunctionAsync(GetFunctionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.GetFunction, request, cancellationToken);

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(GetFunctionConfigurationRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.GetFunctionConfiguration, request, cancellationToken);

    public Task<FunctionConfiguration> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.UpdateFunctionCode, request, cancellationToken);

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.UpdateFunctionConfiguration, request, cancellationToken);

    public Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.PublishVersion, request, cancellationToken);

    public Task<ListVersionsByFunctionResponse> ListVersionsByFunctionAsync(ListVersionsByFunctionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.ListVersionsByFunction, request, cancellationToken);

    public Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.CreateAlias, request, cancellationToken);

    public Task<AliasConfiguration> GetAliasAsync(GetAliasRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.GetAlias, request, cancellationToken);

    public Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.UpdateAlias, request, cancellationToken);

    public Task<ListAliasesResponse> ListAliasesAsync(ListAliasesRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.ListAliases, request, cancellationToken);

    public Task<DeleteFunctionResponse> DeleteFunctionAsync(DeleteFunctionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.DeleteFunction, request, cancellationToken);

    /// <summary>Invokes; a function that failed is not an exception here: see <see cref="InvokeResponse.FunctionError"/>.</summary>
    public Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.Invoke, request, cancellationToken);

    /// <summary>Gives an alias (or the function) an HTTP front; the answer names its URL.</summary>
    public Task<CreateFunctionUrlConfigResponse> CreateFunctionUrlConfigAsync(CreateFunctionUrlConfigRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LambdaOperations.CreateFunctionUrlConfig, request, cancellationToken);

    /// <summary>Every version of a function, all pages.</summary>
    public async Task<IReadOnlyList<FunctionConfiguration>> ListAllVersionsAsync(string functionName, CancellationToken cancellationToken)
    {
        var versions = new List<FunctionConfiguration>();
        string? marker = null;
        do
        {
            var page = await ListVersionsByFunctionAsync(new ListVersionsByFunctionRequest { FunctionName = functionName, Marker = marker }, cancellationToken);
            versions.AddRange(page.Versions);
            marker = page.NextMarker;
        }
        while (marker is not null);
        return versions;
    }

    /// <summary>Every alias of a function, all pages.</summary>
    public async Task<IReadOnlyList<AliasConfiguration>> ListAllAliasesAsync(string functionName, CancellationToken cancellationToken)
    {
        var aliases = new List<AliasConfiguration>();
        string? marker = null;
        do
        {
            var page = await ListAliasesAsync(new ListAliasesRequest { FunctionName = functionName, Marker = marker }, cancellationToken);
            aliases.AddRange(page.Aliases);
            marker = page.NextMarker;
        }
        while (marker is not null);
        return aliases;
    }

    /// <summary>
    /// Waits until the last update of the function has ended (the model's <c>FunctionUpdatedV2</c>: every second, up to
    /// 300 polls, or every <paramref name="pollInterval"/>); an update that failed is an <see cref="AwsWaitException"/> with Lambda's reason.
    /// </summary>
    public Task<GetFunctionResponse> WaitUntilUpdatedAsync(string functionName, TimeSpan? pollInterval, CancellationToken cancellationToken) =>
        LambdaWaiters.FunctionUpdated.WaitAsync(
            ct => GetFunctionAsync(new GetFunctionRequest { FunctionName = functionName }, ct),
            f => f.Configuration?.LastUpdateStatus,
            f => Reason(f.Configuration?.LastUpdateStatusReasonCode, f.Configuration?.LastUpdateStatusReason),
            $"Lambda function {functionName}'s update",
            pollInterval,
            cancellationToken);

    /// <summary>Waits until the function can be invoked (<c>FunctionActiveV2</c>: <c>State</c> <c>Active</c>).</summary>
    public Task<GetFunctionResponse> WaitUntilActiveAsync(string functionName, TimeSpan? pollInterval, CancellationToken cancellationToken) =>
        LambdaWaiters.FunctionActive.WaitAsync(
            ct => GetFunctionAsync(new GetFunctionRequest { FunctionName = functionName }, ct),
            f => f.Configuration?.State,
            f => Reason(f.Configuration?.StateReasonCode, f.Configuration?.StateReason),
            $"Lambda function {functionName}",
            pollInterval,
            cancellationToken);

    /// <summary>Waits until a published version can be invoked (<c>PublishedVersionActive</c>).</summary>
    public Task<FunctionConfiguration> WaitUntilVersionActiveAsync(string functionName, string version, TimeSpan? pollInterval, CancellationToken cancellationToken) =>
        LambdaWaiters.PublishedVersionActive.WaitAsync(
            ct => GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = functionName, Qualifier = version }, ct),
            f => f.State,
            f => Reason(f.StateReasonCode, f.StateReason),
            $"Lambda function {functionName} version {version}",
            pollInterval,
            cancellationToken);

    public void Dispose() => client.Dispose();

    private static string Reason(string? code, string? reason) =>
        string.Join(": ", new[] { code, reason }.Where(t => !string.IsNullOrWhiteSpace(t))) is { Length: > 0 } text ? text : "no reason given";
}
