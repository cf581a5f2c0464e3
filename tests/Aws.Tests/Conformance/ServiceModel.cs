using System.Text.Json;

namespace Pipeline.Aws.Tests.Conformance;

/// <summary>An official botocore service model (service-2.json): operations and shapes, the ground truth for the wire.</summary>
internal sealed class ServiceModel
{
    private readonly JsonElement root;

    private ServiceModel(JsonElement root) => this.root = root;

    public static ServiceModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return new ServiceModel(document.RootElement.Clone());
    }

    public string Metadata(string name) => root.GetProperty("metadata").GetProperty(name).GetString()!;

    public string InputShape(string operation) => Operation(operation).GetProperty("input").GetProperty("shape").GetString()!;

    public string OutputShape(string operation) => Operation(operation).GetProperty("output").GetProperty("shape").GetString()!;

    public JsonElement Shape(string name) => root.GetProperty("shapes").TryGetProperty(name, out var shape)
        ? shape
        : throw new KeyNotFoundException($"shape {name} is not in the model");

    public string ShapeType(string name) => Shape(name).GetProperty("type").GetString()!;

    public IReadOnlyList<string> Enum(string name) => Shape(name).TryGetProperty("enum", out var values)
        ? values.EnumerateArray().Select(v => v.GetString()!).ToList()
        : [];

    public IReadOnlyDictionary<string, string> Members(string structure) => Shape(structure).GetProperty("members").EnumerateObject()
        .ToDictionary(m => m.Name, m => m.Value.GetProperty("shape").GetString()!, StringComparer.Ordinal);

    public IReadOnlyList<string> Required(string structure) => Shape(structure).TryGetProperty("required", out var required)
        ? required.EnumerateArray().Select(v => v.GetString()!).ToList()
        : [];

    /// <summary>Element shape of a list, value shape of a map.</summary>
    public string ElementShape(string name) => ShapeType(name) switch
    {
        "list" => Shape(name).GetProperty("member").GetProperty("shape").GetString()!,
        "map" => Shape(name).GetProperty("value").GetProperty("shape").GetString()!,
        var other => throw new InvalidOperationException($"{name} is a {other}, not a list or map"),
    };

    private JsonElement Operation(string name) => root.GetProperty("operations").TryGetProperty(name, out var operation)
        ? operation
        : throw new KeyNotFoundException($"operation {name} is not in the model");
}
