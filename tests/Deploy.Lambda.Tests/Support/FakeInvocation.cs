using System.Text.Json.Nodes;

namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>What an invoked function answers: its raw payload, and whether it failed (<c>X-Amz-Function-Error</c>).</summary>
internal sealed record FakeInvocation(byte[] Payload, string? FunctionError = null)
{
    /// <summary>A function URL style answer <c>{statusCode, headers, body}</c>.</summary>
    public static FakeInvocation Http(int status, string body, string contentType = "text/plain") => new(System.Text.Encoding.UTF8.GetBytes(
        new JsonObject { ["statusCode"] = status, ["headers"] = new JsonObject { ["content-type"] = contentType }, ["body"] = body }.ToJsonString()));
}
