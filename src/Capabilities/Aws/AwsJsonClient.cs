using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Pipeline.Aws;

/// <summary>
/// Sends the operations of one service in its JSON protocol — AWS JSON 1.0/1.1 (<c>POST /</c> with
/// <c>X-Amz-Target</c>) or REST-JSON (method, path, query and headers per operation) — signed with SigV4. Held to
/// botocore's behaviour as rules for every operation: an input member with the model's <c>idempotencyToken</c> trait gets a
/// UUID when the caller gave none; a call is laid out once, so every retry (throttling, 5xx, network errors, with
/// exponential backoff and jitter; and, on their own budget, calls refused because an update is in progress) sends the
/// same bytes and the same token; timestamps go out as whole epoch seconds. Typed clients such as
/// <see cref="Ecs.EcsClient"/> are thin layers on it.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaxUpdateInProgressDelay = TimeSpan.FromSeconds(5);

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
        ArgumentOutOfRangeException.ThrowIfNegative(options.UpdateInProgressRetries);
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

    /// <summary>
    /// Sends one operation of an AWS JSON service and returns its typed response, or throws an <see cref="AwsException"/>
    /// with a one-line message.
    /// </summary>
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(responseType);
        if (Service.Protocol != AwsProtocol.Json)
        {
            throw new InvalidOperationException($"{Service.ServiceId} speaks {Service.Protocol}: send its operations through its typed client");
        }

        return SendAsync(new AwsOperation<TRequest, TResponse>(operation, requestType, responseType), request, cancellationToken);
    }

    public void Dispose() => http.Dispose();

    internal async Task<TOutput> SendAsync<TInput, TOutput>(AwsOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var (region, endpoint) = location.Value;
        var request = Layout(operation, input);
        credentials ??= await AwsCredentialChain.ResolveAsync(Service, cancellationToken);
        var resolved = credentials;
        var attempt = 0;
        var response = await retry.ExecuteAsync(
            async token => await SendOnceAsync(operation, request, region, endpoint, resolved, ++attempt, token),
            cancellationToken);
        try
        {
            if (operation.Http is { } binding)
            {
                return AwsRestJsonProtocol.Output(binding, response).Deserialize(operation.Output) ?? throw new JsonException("the response body is null");
            }

            return JsonSerializer.Deserialize(response.Body.Length == 0 ? "{}"u8 : response.Body, operation.Output)
                ?? throw new JsonException("the response body is null");
        }
        catch (JsonException e)
        {
            throw new AwsServiceException(
                Service.ServiceId, operation.Name, "InvalidResponse", $"the response from {endpoint} is not the expected JSON ({e.Message})",
                response.Status, response.RequestId, attempt, e);
        }
    }

    /// <summary>
    /// The request of one call, laid out once: the idempotency token is filled here, so every attempt carries the same one.
    /// </summary>
    internal AwsHttpRequest Layout<TInput, TOutput>(AwsOperation<TInput, TOutput> operation, TInput input)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (Service.Protocol == AwsProtocol.Json && operation.IdempotencyToken is null)
        {
            return AwsJsonProtocol.Request(Service, operation.Name, JsonSerializer.SerializeToUtf8Bytes(input, operation.Input));
        }

        var members = JsonSerializer.SerializeToNode(input, operation.Input) as JsonObject
            ?? throw new ArgumentException($"{Service.ServiceId} {operation.Name}: the input is not a JSON object", nameof(input));
        if (operation.IdempotencyToken is { } token && members[token] is null)
        {
            members[token] = Guid.NewGuid().ToString();
        }

        if (Service.Protocol == AwsProtocol.Json)
        {
            return AwsJsonProtocol.Request(Service, operation.Name, Encoding.UTF8.GetBytes(members.ToJsonString()));
        }

        var binding = operation.Http ?? throw new InvalidOperationException($"{Service.ServiceId} {operation.Name} has no HTTP binding");
        return AwsRestJsonProtocol.Request(operation.Name, binding, members, HasBodyMembers(operation.Input, binding));
    }

    /// <summary>The unsigned JSON 1.0/1.1 request for one operation.</summary>
    internal static HttpRequestMessage CreateRequest(AwsService service, Uri endpoint, string operation, byte[] body) =>
        AwsJsonProtocol.Request(service, operation, body).ToMessage(endpoint);

    private static bool HasBodyMembers(JsonTypeInfo input, AwsHttpBinding binding)
    {
        var bound = binding.Labels.Concat(binding.Query.Keys).Concat(binding.Headers.Keys).Append(binding.Payload).ToHashSet(StringComparer.Ordinal);
        return input.Properties.Any(p => p.IsExtensionData || !bound.Contains(p.Name));
    }

    private async Task<AwsHttpResponse> SendOnceAsync(
        IAwsOperation operation, AwsHttpRequest request, string region, Uri endpoint, AWSCredentials source, int attempt, CancellationToken cancellationToken)
    {
        var current = await AwsCredentialChain.CurrentAsync(source, Service);
        using var message = request.ToMessage(endpoint);
        AwsSigV4.Sign(message, request.Body, current, region, Service.SigningName, DateTime.UtcNow);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var headers = HeadersOf(response);
            headers.TryGetValue("x-amzn-RequestId", out var requestId);
            if (requestId is null)
            {
                headers.TryGetValue("x-amz-request-id", out requestId);
            }

            logger.LogDebug(
                "{Service} {Operation} -> {Status} in {Elapsed} ms (attempt {Attempt}, request id {RequestId})",
                Service.ServiceId, operation.Name, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt, requestId);
            if (!response.IsSuccessStatusCode)
            {
                throw AwsErrorResponse.ToException(
                    Service, operation.Name, response.StatusCode, headers, bytes, requestId, attempt, $"{Service.IamPrefix}:{operation.IamAction}", Principal(source));
            }

            return new AwsHttpResponse(response.StatusCode, headers, bytes, requestId);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new AwsEndpointException(Service.ServiceId, operation.Name, endpoint, $"no answer within {seconds} s from", attempt, isTimeout: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsEndpointException(Service.ServiceId, operation.Name, endpoint, $"cannot reach ({Reason(e)})", attempt, isTimeout: false, e);
        }
    }

    private ResiliencePipeline BuildRetry()
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.UpdateInProgressRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<AwsServiceException>(e => e.IsUpdateInProgress),
                MaxRetryAttempts = options.UpdateInProgressRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.UpdateInProgressDelay,
                MaxDelay = options.UpdateInProgressDelay > MaxUpdateInProgressDelay ? options.UpdateInProgressDelay : MaxUpdateInProgressDelay,
                OnRetry = args =>
                {
                    logger.LogInformation(
                        "{Problem}; waiting {Delay} ms for the update to end (retry {Retry} of {MaxRetries})",
                        args.Outcome.Exception?.Message, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, options.UpdateInProgressRetries);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
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
            });
        }

        return builder.Build();
    }

    /// <summary>The role the credentials assume, when they say (web identity, assume-role profiles): named in access-denied hints.</summary>
    private static string? Principal(AWSCredentials source) => source switch
    {
        AssumeRoleWithWebIdentityCredentials webIdentity => AwsErrorHints.RoleNamed(webIdentity.RoleArn),
        AssumeRoleAWSCredentials assumed => AwsErrorHints.RoleNamed(assumed.RoleArn),
        _ => null,
    };

    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(',', values);
        }

        return headers;
    }

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
