using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>Appends each accepted request and its answer to a JSON-lines file, for checking them against the official model.</summary>
public sealed class ExchangeLog(string? path)
{
    private readonly Lock gate = new();

    /// <summary>Appends one exchange; <paramref name="request"/> is kept as JSON when it parses, else as text.</summary>
    public void Append(string operation, int status, string request, JsonNode? response)
    {
        if (path is null)
        {
            return;
        }

        JsonNode? requestNode;
        try
        {
            requestNode = JsonNode.Parse(request);
        }
        catch (JsonException)
        {
            requestNode = request;
        }

        Append(operation, status, requestNode, response);
    }

    /// <summary>Appends one exchange: <c>{"operation", "status", "request", "response"}</c>.</summary>
    public void Append(string operation, int status, JsonNode? request, JsonNode? response)
    {
        if (path is null)
        {
            return;
        }

        var line = new JsonObject
        {
            ["operation"] = operation,
            ["status"] = status,
            ["request"] = request?.DeepClone(),
            ["response"] = response?.DeepClone(),
        }.ToJsonString();
        lock (gate)
        {
            File.AppendAllText(path, line + "\n");
        }
    }
}
