using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>Source-generated metadata for raw JSON nodes (task definition members kept as they are).</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
