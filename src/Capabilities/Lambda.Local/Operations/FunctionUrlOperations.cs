using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.FunctionUrls;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>
/// Function URLs, the HTTP front of a function or one of its aliases: Create/Get/Update/DeleteFunctionUrlConfig and
/// ListFunctionUrlConfigs. Each URL is a loopback port (configured per <c>function:alias</c>, or picked) that serves the
/// payload format 2.0 event and turns the function's answer into the HTTP response.
/// </summary>
internal sealed class FunctionUrlOperations(LambdaStore store, Arns arns, FunctionUrlListeners urls)
{
    private static readonly string[] AuthTypes = ["NONE", "AWS_IAM"];

    public async Task<LambdaResponse> CreateAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (function, qualifier) = Target(request);
        var body = request.Body;
        var now = DateTimeOffset.UtcNow;
        var url = new FunctionUrlState
        {
            Qualifier = qualifier,
            AuthType = AuthType(body.Required("AuthType")),
            InvokeMode = InvokeMode(body.String("InvokeMode")),
            Cors = body.Object("Cors")?.Value.GetRawText(),
            CreationTime = now,
            LastModifiedTime = now,
        };
        store.Read(d => CheckAbsent(d.Function(function, arns), qualifier));
        url.Port = await urls.OpenAsync(function, url, urls.ConfiguredPort(function, qualifier), cancellationToken);
        try
        {
            store.Write(d =>
            {
                var state = d.Function(function, arns);
                CheckAbsent(state, qualifier);
                state.Urls[qualifier] = url;
            });
        }
        catch
        {
            await urls.CloseAsync(function, qualifier);
            throw;
        }

        return LambdaResponse.Created(LambdaJson.Object(
            ("FunctionUrl", FunctionUrlListeners.UrlOf(url.Port)),
            ("FunctionArn", ArnOf(function, qualifier)),
            ("AuthType", url.AuthType),
            ("Cors", Cors(url)),
            ("CreationTime", LambdaJson.Timestamp(url.CreationTime)),
            ("InvokeMode", url.InvokeMode)));
    }

    public Task<LambdaResponse> GetAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (function, qualifier) = Target(request);
        return Task.FromResult(LambdaResponse.Ok(store.Read(d => View(function, UrlOf(d.Function(function, arns), qualifier)))));
    }

    public Task<LambdaResponse> UpdateAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (function, qualifier) = Target(request);
        var body = request.Body;
        var authType = body.String("AuthType") is { } auth ? AuthType(auth) : null;
        var invokeMode = body.String("InvokeMode") is { } mode ? InvokeMode(mode) : null;
        return Task.FromResult(LambdaResponse.Ok(store.Write(d =>
        {
            var url = UrlOf(d.Function(function, arns), qualifier);
            url.AuthType = authType ?? url.AuthType;
            url.InvokeMode = invokeMode ?? url.InvokeMode;
            url.Cors = body.Object("Cors")?.Value.GetRawText() ?? url.Cors;
            url.LastModifiedTime = DateTimeOffset.UtcNow;
            return View(function, url);
        })));
    }

    public async Task<LambdaResponse> DeleteAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (function, qualifier) = Target(request);
        store.Write(d =>
        {
            var state = d.Function(function, arns);
            UrlOf(state, qualifier);
            state.Urls.Remove(qualifier);
        });
        await urls.CloseAsync(function, qualifier);
        return LambdaResponse.NoContent();
    }

    public Task<LambdaResponse> ListAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), arns);
        var items = store.Read(d => d.Function(reference.Name, arns).Urls.Values
            .OrderBy(u => u.Qualifier, StringComparer.Ordinal)
            .Select(u => View(reference.Name, u))
            .ToList());
        return Task.FromResult(LambdaResponse.Ok(Paging.Of(request).Page(items, "FunctionUrlConfigs")));
    }

    private JsonObject View(string function, FunctionUrlState url) => LambdaJson.Object(
        ("FunctionUrl", FunctionUrlListeners.UrlOf(url.Port)),
        ("FunctionArn", ArnOf(function, url.Qualifier)),
        ("AuthType", url.AuthType),
        ("Cors", Cors(url)),
        ("CreationTime", LambdaJson.Timestamp(url.CreationTime)),
        ("LastModifiedTime", LambdaJson.Timestamp(url.LastModifiedTime)),
        ("InvokeMode", url.InvokeMode));

    private (string Function, string Qualifier) Target(LambdaRequest request)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), arns);
        var qualifier = reference.QualifierWith(request.Query("Qualifier")) ?? "";
        if (qualifier == "$LATEST")
        {
            qualifier = "";
        }

        if (int.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw LambdaException.InvalidParameter("A function URL names an alias or the unqualified function, not a version number.");
        }

        if (qualifier.Length > 0 && !store.Read(d => d.Function(reference.Name, arns).Aliases.ContainsKey(qualifier)))
        {
            throw LambdaException.NotFound($"Function not found: {arns.Qualified(reference.Name, qualifier)}");
        }

        return (reference.Name, qualifier);
    }

    private void CheckAbsent(FunctionState function, string qualifier)
    {
        if (function.Urls.ContainsKey(qualifier))
        {
            throw LambdaException.Conflict(
                $"Failed to create function url config for [functionArn = {ArnOf(function.Name, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function");
        }
    }

    private FunctionUrlState UrlOf(FunctionState function, string qualifier) =>
        function.Urls.GetValueOrDefault(qualifier)
        ?? throw LambdaException.NotFound($"The resource you requested does not exist. (Service: Lambda, FunctionUrlConfig of {ArnOf(function.Name, qualifier)})");

    private string ArnOf(string function, string qualifier) =>
        qualifier.Length == 0 ? arns.Function(function) : arns.Qualified(function, qualifier);

    private static JsonNode? Cors(FunctionUrlState url) => url.Cors is { } cors ? JsonNode.Parse(cors) : null;

    private static string AuthType(string value) => AuthTypes.Contains(value)
        ? value
        : throw LambdaException.InvalidParameter($"1 validation error detected: Value '{value}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]");

    private static string InvokeMode(string? value) => value switch
    {
        null or "BUFFERED" => "BUFFERED",
        "RESPONSE_STREAM" => throw LambdaException.InvalidParameter("The local Lambda's function URLs answer BUFFERED only (RESPONSE_STREAM is not supported)."),
        _ => throw LambdaException.InvalidParameter($"InvokeMode {value} must be BUFFERED or RESPONSE_STREAM."),
    };
}
