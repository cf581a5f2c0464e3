using System.Text.Json.Serialization;
using Pipeline.Aws.Ecs;

namespace Pipeline.Deploy.Ecs;

/// <summary>Source-generated JSON for what the platform turns back into raw JSON (described task definitions).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EcsTaskDefinition))]
internal sealed partial class EcsPlatformJson : JsonSerializerContext;
