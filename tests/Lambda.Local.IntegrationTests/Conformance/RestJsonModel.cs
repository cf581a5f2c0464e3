using System.Text.Json;

namespace Pipeline.Lambda.Local.IntegrationTests.Conformance;

/// <summary>
/// What the generic shape walker does not read from a model: each operation's HTTP method, URI template and status, where
/// each member travels (uri, querystring, header, statusCode, payload, body), and the errors an operation may answer.
/// </summary>
internal sealed class RestJsonModel
{
    private readonly JsonElement root;

    private RestJsonModel(JsonElement root) => this.root = root;

    public static RestJsonModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return new RestJsonModel(document.RootElement.Clone());
    }

    public bool HasOperation(string name) => root.GetProperty("operations").TryGetProperty(name, out _);

    public string Method(string operation) => Http(operation).GetProperty("method").GetString()!;

    public string RequestUri(string operation) => Http(operation).GetProperty("requestUri").GetString()!;

    public int ResponseCode(string operation) => Http(operation).TryGetProperty("responseCode", out var code) ? code.GetInt32() : 200;

    public string? InputShape(string operation) => ShapeOf(operation, "input");

    public string? OutputShape(string operation) => ShapeOf(operation, "output");

    public IReadOnlyList<string> Errors(string operation) => Operation(operation).TryGetProperty("errors", out var errors)
        ? [.. errors.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!)]
        : [];

    public bool IsErrorShape(string shape) => Shapes.TryGetProperty(shape, out var s) && s.TryGetProperty("exception", out _);

    /// <summary>The HTTP status an error shape is answered with, and (for query-compatible services) its query error code.</summary>
    public (int Status, string Code) ErrorOf(string shape)
    {
        var error = Shapes.GetProperty(shape).GetProperty("error");
        return (error.TryGetProperty("httpStatusCode", out var status) ? status.GetInt32() : 400, error.TryGetProperty("code", out var code) ? code.GetString()! : shape);
    }

    /// <summary>The members of a structure with their location ("body" when none) and location name.</summary>
    public IReadOnlyList<(string Name, string Shape, string Location, string LocationName)> Members(string structure) =>
        [.. Shapes.GetProperty(structure).GetProperty("members").EnumerateObject().Select(m => (
            m.Name,
            m.Value.GetProperty("shape").GetString()!,
            m.Value.TryGetProperty("location", out var location) ? location.GetString()! : "body",
            m.Value.TryGetProperty("locationName", out var name) ? name.GetString()! : m.Name))];

    /// <summary>The member carried as the raw HTTP body (Invoke's Payload), if the structure has one.</summary>
    public string? Payload(string structure) =>
        Shapes.GetProperty(structure).TryGetProperty("payload", out var payload) ? payload.GetString() : null;

    public string TypeOf(string shape) => Shapes.GetProperty(shape).GetProperty("type").GetString()!;

    private JsonElement Shapes => root.GetProperty("shapes");

    private JsonElement Operation(string name) => root.GetProperty("operations").GetProperty(name);

    private JsonElement Http(string operation) => Operation(operation).GetProperty("http");

    private string? ShapeOf(string operation, string which) =>
        Operation(operation).TryGetProperty(which, out var shape) ? shape.GetProperty("shape").GetString() : null;
}
