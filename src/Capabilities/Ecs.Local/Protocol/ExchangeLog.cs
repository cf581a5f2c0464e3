using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Ecs.Local.Protocol;

/// <summary>Appends each accepted request and its answer to a JSON-lines file, for checking them against the official model.</summary>
internal sealed class ExchangeLog(string? path)
{
    private readonly Lock gate = new();

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

        var line = new JsonObject
        {
            ["operation"] = operation,
            ["status"] = status,
            ["request"] = requestNode,
            ["response"] = response?.DeepClone(),
        }.ToJsonString();
        lock (gate)
        {
            File.AppendAllText(path, line + "\n");
        }
    }
}
