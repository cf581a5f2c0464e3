using System.Text.Json.Nodes;

namespace Pipeline.Lambda.Local.Protocol;

/// <summary>An answer: status, the output members that travel in headers, and a JSON body or a raw payload (Invoke).</summary>
internal sealed record LambdaResponse(int Status, JsonObject? Json, byte[]? Payload = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static LambdaResponse Ok(JsonObject json) => new(200, json);

    public static LambdaResponse Created(JsonObject json) => new(201, json);

    public static LambdaResponse NoContent() => new(204, null);
}
