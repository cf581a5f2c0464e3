using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// CloudWatch Logs over AWS JSON 1.1: one POST per call, the operation in <c>X-Amz-Target: Logs_20140328.&lt;Operation&gt;</c>,
/// a SigV4 signature for service <c>logs</c>; errors are <c>{"__type", "message"}</c>.
/// </summary>
internal sealed class LogsHandler(
    IReadOnlyDictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>> operations,
    SigV4Verifier verifier,
    ExchangeLog log,
    ILogger logger)
{
    public const string TargetPrefix = "Logs_20140328.";

    private static readonly AwsJsonService Service = new(
        "CloudWatch Logs", TargetPrefix, "logs", "1.1", (code, message) => code == "InvalidParameter" ? LogsException.InvalidParameter(message) : new AwsProtocolException(code, message), "ServiceUnavailableException");

    private readonly AwsJsonHandler handler = new(Service, operations, verifier, log, logger);

    public static bool Handles(HttpRequest request) => Service.Handles(request);

    public Task HandleAsync(HttpContext context) => handler.HandleAsync(context);
}
