using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Pipeline.Aws;

/// <summary>
/// Sends AWS JSON 1.1 requests (<c>POST /</c>, <c>X-Amz-Target: &lt;TargetPrefix&gt;.&lt;Operation&gt;</c>,
/// <c>Content-Type: application/x-amz-json-1.1</c>) signed with SigV4, retrying throttling, 5xx and network errors with
/// exponential backoff and jitter. Typed clients such as <see cref="Ecr.EcrClient"/> are thin layers on it.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    private const string ContentType = "application/x-amz-json-1.1";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(20);

    private readonly AwsClientOptions options;
    private readonly ILogger logger;
    private readonly HttpClient http;
    private readonly ResiliencePipeline retry;
    private readonly Lazy<(string Region, Uri Endpoint)> location;
    private AWSCredentials? credentials;

    public AwsJsonClient(AwsService service, AwsClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        Service = service;
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        credentials = options.Credentials;
        location = new Lazy<(string, Uri)>(() =>
        {
            var region = AwsRegion.Resolve(options.Region, service);
            return (region, AwsEndpoint.Resolve(options.ServiceUrl, service, region));
        });
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.Timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pipeline-aws", "1.0"));
        retry = BuildRetry();
    }

    public AwsService Service { get; }

    /// <summary>The region requests are signed for (resolved on first use).</summary>
    public string Region => location.Value.Region;

    /// <summary>The endpoint requests go to (resolved on first use).</summary>
    public Uri Endpoint => location.Value.Endpoint;

    /// <summary>Sends one operation and returns its typed response, or throws an <see cref="AwsException"/> with a one-line message.</summary>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(responseType);
        var (region, endpoint) = location.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        credentials ??= await AwsCredentialChain.ResolveAsync(Service, cancellationToken);
        var resolved = credentials;
        var attempt = 0;
        return await retry.ExecuteAsync(
            async token => await SendOnceAsync(operation, body, region, endpoint, resolved, ++attempt, responseType, token),
            cancellationToken);
    }

    public void Dispose() => http.Dispose();

    private async Task<TResponse> SendOnceAsync<TResponse>(
        string operation, byte[] body, string region, Uri endpoint, AWSCredentials source, int attempt, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var current = await AwsCredentialChain.CurrentAsync(source, Service);
        using var message = CreateRequest(Service, endpoint, operation, body);
        AwsSigV4.Sign(message, body, current, region, Service.SigningName, DateTime.UtcNow);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var requestId = RequestId(response);
            logger.LogDebug(
                "{Service} {Operation} -> {Status} in {Elapsed} ms (attempt {Attempt}, request id {RequestId})",
                Service.ServiceId, operation, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt, requestId);
            if (!response.IsSuccessStatusCode)
            {
                throw AwsErrorResponse.ToException(Service, operation, response.StatusCode, response.Headers, bytes, requestId, attempt);
            }

            try
            {
                return JsonSerializer.Deserialize(bytes.Length == 0 ? "{}"u8 : bytes, responseType)
                    ?? throw new JsonException("the response body is null");
            }
            catch (JsonException e)
            {
                throw new AwsServiceException(
                    Service.ServiceId, operation, "InvalidResponse", $"the response from {endpoint} is not the expected JSON ({e.Message})",
                    response.StatusCode, requestId, attempt, e);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new AwsEndpointException(Service.ServiceId, operation, endpoint, $"no answer within {seconds} s from", attempt, isTimeout: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsEndpointException(Service.ServiceId, operation, endpoint, $"cannot reach ({Reason(e)})", attempt, isTimeout: false, e);
        }
    }

    /// <summary>The unsigned JSON 1.1 request for one operation.</summary>
    internal static HttpRequestMessage CreateRequest(AwsService service, Uri endpoint, string operation, byte[] body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{service.TargetPrefix}.{operation}");
        return message;
    }

    private ResiliencePipeline BuildRetry()
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsServiceException>(e => e.IsRetryable)
                    .Handle<AwsEndpointException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = MaxRetryDelay,
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "{Problem}; retry {Retry} of {MaxRetries} in {Delay} ms",
                        args.Outcome.Exception?.Message, args.AttemptNumber + 1, options.MaxRetries, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) || response.Headers.TryGetValues("x-amz-request-id", out ids)
            ? ids.FirstOrDefault()
            : null;

    private static string Reason(HttpRequestException e)
    {
        var inner = e.InnerException;
        while (inner?.InnerException is not null && inner is not System.Net.Sockets.SocketException)
        {
            inner = inner.InnerException;
        }

        return (inner ?? e).Message.TrimEnd('.');
    }
}
