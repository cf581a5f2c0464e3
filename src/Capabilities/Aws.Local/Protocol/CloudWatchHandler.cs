using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// CloudWatch over AWS JSON 1.0 (botocore's choice among the model's protocols): one POST per call, the operation in
/// <c>X-Amz-Target: GraniteServiceVersion20100801.&lt;Operation&gt;</c>, a SigV4 signature for service <c>monitoring</c>;
/// errors also carry the query protocol's code in <c>x-amzn-query-error</c>.
/// </summary>
internal sealed class CloudWatchHandler(
    IReadOnlyDictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>> operations,
    SigV4Verifier verifier,
    ExchangeLog log,
    ILogger logger)
{
    public const string TargetPrefix = "GraniteServiceVersion20100801.";

    private static readonly AwsJsonService Service = new("CloudWatch", TargetPrefix, "monitoring", "1.0", Error, "InternalServiceFault")
    {
        QueryError = e => e is null ? "InternalServiceError;Receiver" : e is CloudWatchException cw ? $"{cw.QueryCode};Sender" : null,
    };

    private readonly AwsJsonHandler handler = new(Service, operations, verifier, log, logger);

    public static bool Handles(HttpRequest request) => Service.Handles(request);

    public Task HandleAsync(HttpContext context) => handler.HandleAsync(context);

    private static CloudWatchException Error(string code, string message) => code switch
    {
        "InvalidParameter" => CloudWatchException.InvalidParameter(message),
        "UnknownOperationException" => new CloudWatchException(code, "UnknownOperation", message),
        _ => new CloudWatchException(code, code, message),
    };
}
