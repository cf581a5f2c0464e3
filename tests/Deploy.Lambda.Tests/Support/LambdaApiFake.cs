using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>
/// Lambda (rest-json) and CloudWatch (JSON 1.0) on loopback, in the test's process, answering as the official models
/// say: one function with its <c>$LATEST</c>, published versions and one alias; updates and new versions settle after
/// a poll; <c>UpdateAlias</c> and <c>PublishVersion</c> refuse a stale <c>RevisionId</c> (412); a change while an update
/// is in progress is refused (409). Every exchange is recorded as the wire carried it, for
/// the models to check against the models.
/// </summary>
internal sealed partial class LambdaApiFake : IDisposable
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";

    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly Lock gate = new();
    private readonly List<JsonObject> exchanges = [];
    private readonly List<string> calls = [];
    private readonly Queue<(string Operation, int Status, string Code, string Message)> faults = new();

    public LambdaApiFake()
    {
        Endpoint = new Uri($"http://127.0.0.1:{LoopbackPort()}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary><c>$LATEST</c>; null while the function does not exist.</summary>
    public FakeFunction? Function { get; set; }

    public List<FakeFunction> Versions { get; } = [];

    public FakeAlias? Alias { get; set; }

    public string? FunctionUrl { get; private set; }

    public List<FakeAlarm> Alarms { get; } = [];

    /// <summary>What GetMetricData reads for a version.</summary>
    public Func<string, FakeMetrics> Metrics { get; set; } = _ => FakeMetrics.None;

    /// <summary>The function's code: the executed version and the event in, its answer out.</summary>
    public Func<string, JsonNode, FakeInvocation> Handler { get; set; } = (_, _) => FakeInvocation.Http(200, "ok");

    /// <summary>Runs before each alias write is applied (another deploy writing meanwhile, say).</summary>
    public Action<string>? BeforeAliasWrite { get; set; }

    /// <summary>Where the alias pointed after each routing change: <c>2</c>, <c>1+2@0.25</c>.</summary>
    public List<string> Routes { get; } = [];

    /// <summary>Each exchange as <c>{operation, status, request, response}</c>.</summary>
    public IReadOnlyList<JsonObject> Exchanges
    {
        get
        {
            lock (gate)
            {
                return [.. exchanges];
            }
        }
    }

    /// <summary>The operations called, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>Answers the next call of <paramref name="operation"/> with an error.</summary>
    public void Fail(string operation, int status, string code, string message)
    {
        lock (gate)
        {
            faults.Enqueue((operation, status, code, message));
        }
    }

    /// <summary>A function that exists with <paramref name="published"/> versions (each a different image) and an alias on the last.</summary>
    public void Seed(string name, int published, string alias = "live")
    {
        lock (gate)
        {
            Function = new FakeFunction { Name = name, ImageUri = $"{Account}.dkr.ecr.{Region}.amazonaws.com/{name}@sha256:{new string('0', 64)}" };
            for (var i = 1; i <= published; i++)
            {
                Function.ImageUri = $"{Account}.dkr.ecr.{Region}.amazonaws.com/{name}@sha256:{new string((char)('0' + i), 64)}";
                var version = Function.Publish(i.ToString(CultureInfo.InvariantCulture), new VersionDescription($"1.{i}.0", $"sha256:{new string((char)('0' + i), 64)}", $"c0ffee{i}").Format());
                version.State = "Active";
                version.PendingReads = 0;
                Versions.Add(version);
            }

            if (published > 0)
            {
                Alias = new FakeAlias { FunctionArn = Function.Arn, Name = alias, FunctionVersion = published.ToString(CultureInfo.InvariantCulture) };
            }
        }
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // closed under the loop
        }
    }

    private static int LoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var answer = context.Request.Headers["X-Amz-Target"] is { } target
                ? CloudWatch(target, body, context.Request.Headers["Authorization"])
                : Lambda(context.Request, body);
            context.Response.StatusCode = answer.Status;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = answer.ContentType;
            context.Response.ContentLength64 = answer.Body.Length;
            await context.Response.OutputStream.WriteAsync(answer.Body);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // the client went away, or the fake closed
        }
    }

    private Answer Lambda(HttpListenerRequest request, byte[] body)
    {
        var path = request.Url!.AbsolutePath;
        var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
        var (operation, labels) = Route(request.HttpMethod, path);
        var invoke = operation == "Invoke";
        JsonNode? input = body.Length == 0 ? null : invoke ? Encoding.UTF8.GetString(body) : JsonNode.Parse(body);
        Answer answer;
        lock (gate)
        {
            calls.Add(operation);
            answer = faults.TryPeek(out var fault) && fault.Operation == operation
                ? Error(faults.Dequeue().Status, fault.Code, fault.Message)
                : Handle(operation, labels, query, invoke ? null : input?.AsObject(), body, SigningService(request.Headers["Authorization"]) == "lambda");
            exchanges.Add(new JsonObject
            {
                ["operation"] = operation,
                ["status"] = answer.Status,
                ["request"] = new JsonObject
                {
                    ["method"] = request.HttpMethod,
                    ["path"] = path,
                    ["query"] = new JsonObject([.. query.AllKeys.OfType<string>().Select(k => KeyValuePair.Create(k, (JsonNode?)query[k]))]),
                    ["headers"] = new JsonObject([.. request.Headers.AllKeys.OfType<string>()
                        .Where(h => h.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && h is not ("X-Amz-Date" or "X-Amz-Content-Sha256" or "X-Amz-Security-Token" or "X-Amz-User-Agent"))
                        .Select(h => KeyValuePair.Create(h, (JsonNode?)request.Headers[h]))]),
                    ["body"] = input,
                },
                ["response"] = new JsonObject
                {
                    ["headers"] = new JsonObject([.. answer.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
                    ["body"] = answer.Body.Length == 0 ? null : invoke && answer.Status < 300 ? Encoding.UTF8.GetString(answer.Body) : JsonNode.Parse(answer.Body),
                },
            });
        }

        return answer;
    }

    private Answer Handle(string operation, IReadOnlyDictionary<string, string> labels, System.Collections.Specialized.NameValueCollection query, JsonObject? input, byte[] body, bool signedForLambda)
    {
        if (!signedForLambda)
        {
            return Error(403, "InvalidSignatureException", "The request was not signed for the lambda service.");
        }

        if (operation == "CreateFunction")
        {
            if (Function is not null)
            {
                return Error(409, "ResourceConflictException", $"Function already exist: {Function.Name}");
            }

            Function = new FakeFunction
            {
                Name = input!["FunctionName"]!.GetValue<string>(),
                ImageUri = input["Code"]!["ImageUri"]!.GetValue<string>(),
                Role = input["Role"]!.GetValue<string>(),
                Timeout = input["Timeout"]?.GetValue<int>() ?? 3,
                MemorySize = input["MemorySize"]?.GetValue<int>() ?? 128,
                Variables = Variables(input),
                State = "Pending",
                PendingReads = 1,
            };
            return Json(201, Function.Json());
        }

        if (operation == "Unknown")
        {
            return Error(404, "UnknownOperationException", "Unknown operation");
        }

        if (Function is null || labels["FunctionName"] != Function.Name)
        {
            return NotFound($"Function not found: arn:aws:lambda:{Region}:{Account}:function:{labels["FunctionName"]}");
        }

        var function = Function;
        var qualifier = query["Qualifier"];
        switch (operation)
        {
            case "GetFunction":
                return Json(200, new JsonObject { ["Configuration"] = function.Read(), ["Code"] = new JsonObject { ["RepositoryType"] = "ECR", ["ImageUri"] = function.ImageUri } });
            case "GetFunctionConfiguration":
                return qualifier is null or "$LATEST"
                    ? Json(200, function.Read())
                    : Versions.FirstOrDefault(v => v.Version == qualifier) is { } version
                        ? Json(200, version.Read())
                        : NotFound($"Function not found: {function.Arn}:{qualifier}");
            case "UpdateFunctionCode" or "UpdateFunctionConfiguration" when function.LastUpdateStatus == "InProgress":
                return Error(409, "ResourceConflictException", $"The operation cannot be performed at this time. An update is in progress for resource: {function.Arn}");
            case "UpdateFunctionCode":
                function.ImageUri = input!["ImageUri"]!.GetValue<string>();
                return Updated(function);
            case "UpdateFunctionConfiguration":
                function.Variables = Variables(input!);
                return Updated(function);
            case "PublishVersion":
                return Publish(function, input);
            case "ListVersionsByFunction":
                return Json(200, new JsonObject { ["Versions"] = new JsonArray([function.Json(), .. Versions.Select(v => v.Json())]) });
            case "CreateAlias":
                if (Alias is not null)
                {
                    return Error(409, "ResourceConflictException", $"Alias already exists: {Alias.Name}");
                }

                var created = new FakeAlias { FunctionArn = function.Arn, Name = input!["Name"]!.GetValue<string>(), FunctionVersion = input["FunctionVersion"]!.GetValue<string>() };
                if (WriteAlias(created, input) is { } invalid)
                {
                    return invalid;
                }

                Alias = created;
                Routes.Add(created.Additional is { } canary ? string.Create(CultureInfo.InvariantCulture, $"{created.FunctionVersion}+{canary.Version}@{canary.Weight}") : created.FunctionVersion);
                return Json(201, created.Json());
            case "GetAlias":
                return Alias is { } alias && alias.Name == labels["Name"] ? Json(200, alias.Json()) : NotFound($"Alias not found: {function.Arn}:{labels["Name"]}");
            case "UpdateAlias":
                if (Alias is not { } current || current.Name != labels["Name"])
                {
                    return NotFound($"Alias not found: {function.Arn}:{labels["Name"]}");
                }

                BeforeAliasWrite?.Invoke(operation);
                if (input?["RevisionId"]?.GetValue<string>() is { } revision && revision != current.RevisionId)
                {
                    return Error(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id");
                }

                return WriteAlias(current, input) ?? Json(200, current.Json());
            case "DeleteFunction":
                Function = null;
                Versions.Clear();
                Alias = null;
                FunctionUrl = null;
                return new Answer(204, [], "application/json", new Dictionary<string, string>());
            case "Invoke":
                return Invoke(function, qualifier, body);
            case "CreateFunctionUrlConfig":
                if (FunctionUrl is not null)
                {
                    return Error(409, "ResourceConflictException", $"Failed to create function url config for [functionArn = {function.Arn}:{qualifier}]. Error message:  FunctionUrlConfig exists for this Lambda function");
                }

                FunctionUrl = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/";
                return Json(201, new JsonObject { ["FunctionUrl"] = FunctionUrl, ["FunctionArn"] = $"{function.Arn}:{qualifier}", ["AuthType"] = input!["AuthType"]!.GetValue<string>(), ["CreationTime"] = "2026-12-05T00:00:00.000Z" });
            default:
                return Error(404, "UnknownOperationException", $"Unknown operation {operation}");
        }
    }

    private static Answer Updated(FakeFunction function)
    {
        function.RevisionId = Guid.NewGuid().ToString();
        function.LastUpdateStatus = "InProgress";
        function.PendingReads = 2;
        return Json(200, function.Json());
    }

    private Answer Publish(FakeFunction function, JsonObject? input)
    {
        if (input?["RevisionId"]?.GetValue<string>() is { } revision && revision != function.RevisionId)
        {
            return Error(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }

        if (Versions.LastOrDefault() is { } last && last.SameCodeAndConfiguration(function))
        {
            return Json(201, last.Json());
        }

        var published = function.Publish((Versions.Count + 1).ToString(CultureInfo.InvariantCulture), input?["Description"]?.GetValue<string>() ?? "");
        Versions.Add(published);
        return Json(201, published.Json());
    }

    /// <summary>Applies the alias members of <paramref name="input"/>; an error answer when they are not valid.</summary>
    private Answer? WriteAlias(FakeAlias alias, JsonObject? input)
    {
        var primary = input?["FunctionVersion"]?.GetValue<string>() ?? alias.FunctionVersion;
        (string, double)? additional = alias.Additional;
        if (input?["RoutingConfig"]?["AdditionalVersionWeights"] is JsonObject weights)
        {
            additional = weights.Count == 0 ? null : (weights.First().Key, weights.First().Value!.GetValue<double>());
        }

        if (Versions.All(v => v.Version != primary) || (additional is { } extra && (extra.Item1 == primary || Versions.All(v => v.Version != extra.Item1) || extra.Item2 is <= 0 or >= 1)))
        {
            return Error(400, "InvalidParameterValueException", $"Invalid routing: primary {primary}, additional {additional?.Item1}@{additional?.Item2}");
        }

        var description = input?["Description"]?.GetValue<string>();
        if (description is { Length: > 256 })
        {
            return Error(400, "InvalidParameterValueException", "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        }

        var routed = primary != alias.FunctionVersion || additional != alias.Additional;
        alias.FunctionVersion = primary;
        alias.Additional = additional;
        alias.Description = description ?? alias.Description;
        alias.RevisionId = Guid.NewGuid().ToString();
        if (routed)
        {
            Routes.Add(additional is { } split ? string.Create(CultureInfo.InvariantCulture, $"{primary}+{split.Item1}@{split.Item2}") : primary);
        }

        return null;
    }

    private Answer Invoke(FakeFunction function, string? qualifier, byte[] body)
    {
        var executed = qualifier switch
        {
            null or "$LATEST" => "$LATEST",
            _ when Alias is { } alias && alias.Name == qualifier => alias.FunctionVersion,
            _ when Versions.Any(v => v.Version == qualifier) => qualifier,
            _ => null,
        };
        if (executed is null)
        {
            return NotFound($"Function not found: {function.Arn}:{qualifier}");
        }

        var result = Handler(executed, JsonNode.Parse(body)!);
        var headers = new Dictionary<string, string> { ["X-Amz-Executed-Version"] = executed };
        if (result.FunctionError is { } error)
        {
            headers["X-Amz-Function-Error"] = error;
        }

        return new Answer(200, result.Payload, "application/json", headers);
    }

    private Answer CloudWatch(string target, byte[] body, string? authorization)
    {
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var input = JsonNode.Parse(body)!.AsObject();
        JsonObject output;
        lock (gate)
        {
            calls.Add(operation);
            output = SigningService(authorization) != "monitoring"
                ? new JsonObject { ["__type"] = "InvalidSignatureException", ["message"] = "The request was not signed for the monitoring service." }
                : operation switch
                {
                    "DescribeAlarms" => new JsonObject
                    {
                        ["MetricAlarms"] = new JsonArray([.. Alarms
                            .Where(a => input["AlarmNames"] is not JsonArray names || names.Any(n => n!.GetValue<string>() == a.Name))
                            .Select(a => new JsonObject
                            {
                                ["AlarmName"] = a.Name,
                                ["AlarmArn"] = $"arn:aws:cloudwatch:{Region}:{Account}:alarm:{a.Name}",
                                ["StateValue"] = a.State,
                                ["StateReason"] = a.Reason,
                                ["StateUpdatedTimestamp"] = a.Since.ToUnixTimeMilliseconds() / 1000.0,
                                ["StateTransitionedTimestamp"] = a.Since.ToUnixTimeMilliseconds() / 1000.0,
                            })]),
                        ["CompositeAlarms"] = new JsonArray(),
                    },
                    "GetMetricData" => new JsonObject
                    {
                        ["MetricDataResults"] = new JsonArray([.. input["MetricDataQueries"]!.AsArray().Select(q => MetricResult(q!.AsObject()))]),
                        ["Messages"] = new JsonArray(),
                    },
                    _ => new JsonObject { ["__type"] = "UnknownOperationException", ["message"] = $"Unknown operation {operation}" },
                };
            var status = output["__type"] is null ? 200 : 400;
            exchanges.Add(new JsonObject { ["operation"] = operation, ["status"] = status, ["request"] = input.DeepClone(), ["response"] = output.DeepClone() });
            return new Answer(status, Encoding.UTF8.GetBytes(output.ToJsonString()), "application/x-amz-json-1.0", new Dictionary<string, string>());
        }
    }

    private JsonObject MetricResult(JsonObject query)
    {
        var stat = query["MetricStat"]!;
        var version = stat["Metric"]!["Dimensions"]!.AsArray().First(d => d!["Name"]!.GetValue<string>() == "ExecutedVersion")!["Value"]!.GetValue<string>();
        var metrics = Metrics(version);
        var value = stat["Metric"]!["MetricName"]!.GetValue<string>() switch
        {
            "Invocations" => metrics.Invocations,
            "Errors" => metrics.Errors,
            _ => metrics.P99Milliseconds,
        };
        return new JsonObject
        {
            ["Id"] = query["Id"]!.GetValue<string>(),
            ["Label"] = stat["Metric"]!["MetricName"]!.GetValue<string>(),
            ["Timestamps"] = new JsonArray(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            ["Values"] = new JsonArray(value),
            ["StatusCode"] = "Complete",
        };
    }

    private static (string Operation, IReadOnlyDictionary<string, string> Labels) Route(string method, string path)
    {
        var match = LambdaPath().Match(path);
        if (!match.Success)
        {
            return ("Unknown", new Dictionary<string, string>());
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (match.Groups["name"].Success)
        {
            labels["FunctionName"] = Uri.UnescapeDataString(match.Groups["name"].Value);
        }

        if (match.Groups["alias"].Success)
        {
            labels["Name"] = Uri.UnescapeDataString(match.Groups["alias"].Value);
        }

        var operation = (method, match.Groups["api"].Value, match.Groups["what"].Value, match.Groups["alias"].Success, match.Groups["name"].Success) switch
        {
            ("POST", "2015-03-31", "", false, false) => "CreateFunction",
            ("GET", "2015-03-31", "", false, true) => "GetFunction",
            ("DELETE", "2015-03-31", "", false, true) => "DeleteFunction",
            ("GET", "2015-03-31", "configuration", false, true) => "GetFunctionConfiguration",
            ("PUT", "2015-03-31", "configuration", false, true) => "UpdateFunctionConfiguration",
            ("PUT", "2015-03-31", "code", false, true) => "UpdateFunctionCode",
            ("POST", "2015-03-31", "versions", false, true) => "PublishVersion",
            ("GET", "2015-03-31", "versions", false, true) => "ListVersionsByFunction",
            ("POST", "2015-03-31", "aliases", false, true) => "CreateAlias",
            ("GET", "2015-03-31", "aliases", true, true) => "GetAlias",
            ("PUT", "2015-03-31", "aliases", true, true) => "UpdateAlias",
            ("POST", "2015-03-31", "invocations", false, true) => "Invoke",
            ("POST", "2021-10-31", "url", false, true) => "CreateFunctionUrlConfig",
            _ => "Unknown",
        };
        return (operation, labels);
    }

    /// <summary>The service a SigV4 <c>Authorization</c> header's credential scope names.</summary>
    private static string? SigningService(string? authorization) =>
        authorization is null ? null : CredentialScope().Match(authorization) is { Success: true } m ? m.Groups["service"].Value : null;

    private static Dictionary<string, string> Variables(JsonObject input) =>
        input["Environment"]?["Variables"] is JsonObject variables
            ? variables.ToDictionary(v => v.Key, v => v.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static Answer Json(int status, JsonObject body) =>
        new(status, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", new Dictionary<string, string>());

    /// <summary>Lambda's <c>ResourceNotFoundException</c>: its model member is <c>Message</c>, not <c>message</c>.</summary>
    private static Answer NotFound(string message) =>
        new(404, Encoding.UTF8.GetBytes(new JsonObject { ["Type"] = "User", ["Message"] = message }.ToJsonString()), "application/json",
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ResourceNotFoundException" });

    private static Answer Error(int status, string code, string message) =>
        code == "ResourceNotFoundException"
            ? NotFound(message)
            : new(status, Encoding.UTF8.GetBytes(new JsonObject { ["Type"] = status >= 500 ? "Service" : "User", ["message"] = message }.ToJsonString()), "application/json",
                new Dictionary<string, string> { ["x-amzn-ErrorType"] = code });

    [GeneratedRegex("^/(?<api>2015-03-31|2021-10-31)/functions(/(?<name>[^/]+)(/(?<what>configuration|code|versions|aliases|invocations|url)(/(?<alias>[^/]+))?)?)?$")]
    private static partial Regex LambdaPath();

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/[^/]+/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    private sealed record Answer(int Status, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Headers);
}
