using System.Net;

namespace Pipeline.Aws;

/// <summary>A successful answer: status, headers (case-insensitive names), body and AWS's request id.</summary>
internal sealed record AwsHttpResponse(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? RequestId);
