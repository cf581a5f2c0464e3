using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// How one invocation ended: the function's response, or its error (<paramref name="ErrorType"/> set; the payload is the
/// error object), and how long the handler ran (Lambda's Duration).
/// </summary>
internal sealed record InvocationResult(byte[] Payload, string? ErrorType, TimeSpan Duration)
{
    public bool IsError => ErrorType is not null;

    /// <summary>An error Lambda itself reports for the invocation (timeout, runtime exit), in the payload shape runtimes use.</summary>
    public static InvocationResult Failure(string requestId, string errorType, string message, TimeSpan duration) =>
        new(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["errorType"] = errorType,
            ["errorMessage"] = $"RequestId: {requestId} Error: {message}",
        }.ToJsonString()), errorType, duration);
}
