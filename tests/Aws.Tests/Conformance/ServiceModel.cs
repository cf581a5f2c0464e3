using System.Text.Json;

namespace Pipeline.Aws.Tests.Conformance;

/// <summary>An official botocore service model (service-2.json): operations and shapes, the ground truth for the wire.</summary>
internal sealed class ServiceModel
{
    private readonly JsonElement root;

    private ServiceModel(JsonElement root, string path)
    {
        this.root = root;
        Path = path;
    }

    /// <summary>Where the model file is (for the botocore reference, which loads the same file).</summary>
    public string Path { get; }

    public static ServiceModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return new ServiceModel(document.RootElement.Clone(), path);
    }

    public string Metadata(string name) => root.GetProperty("metadata").GetProperty(name).GetString()!;

    public bool HasMetadata(string name) => root.GetProperty("metadata").TryGetProperty(name, out _);

    /// <summary>The protocols the service speaks (<c>metadata.protocols</c>, else <c>metadata.protocol</c>).</summary>
    public IReadOnlyList<string> Protocols => root.GetProperty("metadata").TryGetProperty("protocols", out var protocols)
        ? [.. protocols.EnumerateArray().Select(p => p.GetString()!)]
        : [Metadata("protocol")];

    public IReadOnlyList<string> Operations => [.. root.GetProperty("operations").EnumerateObject().Select(o => o.Name)];

    public string InputShape(string operation) => Operation(operation).GetProperty("input").GetProperty("shape").GetString()!;

    public string OutputShape(string operation) => Operation(operation).GetProperty("output").GetProperty("shape").GetString()!;

    public bool HasOutput(string operation) => Operation(operation).TryGetProperty("output", out _);

    /// <summary>The operation's <c>http</c> block: method and request URI.</summary>
    public (string Method, string RequestUri) Http(string operation)
    {
        var http = Operation(operation).GetProperty("http");
        return (http.GetProperty("method").GetString()!, http.GetProperty("requestUri").GetString()!);
    }

    public JsonElement Shape(string name) => root.GetProperty("shapes").TryGetProperty(name, out var shape)
        ? shape
        : throw new KeyNotFoundException($"shape {name} is not in the model");

    public string ShapeType(string name) => Shape(name).GetProperty("type").GetString()!;

    /// <summary>A structure with the <c>document</c> trait: any JSON value.</summary>
    public bool IsDocument(string name) => Shape(name).TryGetProperty("document", out var document) && document.GetBoolean();

    public IReadOnlyList<string> Enum(string name) => Shape(name).TryGetProperty("enum", out var values)
        ? values.EnumerateArray().Select(v => v.GetString()!).ToList()
        : [];

    public IReadOnlyDictionary<string, string> Members(string structure) => Shape(structure).GetProperty("members").EnumerateObject()
        .ToDictionary(m => m.Name, m => m.Value.GetProperty("shape").GetString()!, StringComparer.Ordinal);

    /// <summary>A member's own traits (<c>location</c>, <c>locationName</c>, <c>idempotencyToken</c>, <c>timestampFormat</c>…).</summary>
    public JsonElement Member(string structure, string member) => Shape(structure).GetProperty("members").GetProperty(member);

    /// <summary>The member's <c>location</c> (<c>uri</c>, <c>querystring</c>, <c>header</c>, <c>statusCode</c>) and wire name; null location for the body.</summary>
    public (string? Location, string Name) Location(string structure, string member)
    {
        var traits = Member(structure, member);
        var location = traits.TryGetProperty("location", out var l) ? l.GetString() : null;
        var name = traits.TryGetProperty("locationName", out var n) ? n.GetString()! : member;
        return (location, name);
    }

    /// <summary>The structure's <c>payload</c> member, if any.</summary>
    public string? Payload(string structure) => Shape(structure).TryGetProperty("payload", out var payload) ? payload.GetString() : null;

    /// <summary>The input members with the <c>idempotencyToken</c> trait.</summary>
    public IReadOnlyList<string> IdempotencyTokens(string operation) =>
        Operation(operation).TryGetProperty("input", out _)
            ? [.. Members(InputShape(operation)).Keys.Where(m => Member(InputShape(operation), m).TryGetProperty("idempotencyToken", out var t) && t.GetBoolean())]
            : [];

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
