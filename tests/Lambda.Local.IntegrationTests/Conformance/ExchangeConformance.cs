using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Testing.Aws;

namespace Pipeline.Lambda.Local.IntegrationTests.Conformance;

/// <summary>
/// Checks the local Lambda's exchange log against the official models, independently of how the server parsed it:
/// a Lambda request is mapped onto the operation's input shape from its method, path, query string, headers and body
/// (as the model places each member), the answer from its status, headers and body; a CloudWatch exchange is checked
/// as JSON 1.0. Errors must be ones the model lists for the operation, with the status and body shape it gives them.
/// </summary>
internal static class ExchangeConformance
{
    /// <summary>Errors any AWS endpoint answers that no model lists: signature problems, an unknown operation.</summary>
    private static readonly string[] CommonErrors =
        ["MissingAuthenticationTokenException", "IncompleteSignatureException", "UnrecognizedClientException", "InvalidSignatureException", "UnknownOperationException"];

    /// <summary>CloudWatch's errors of the query protocol every operation may answer (the model marks them synthetic).</summary>
    private static readonly string[] CloudWatchCommonErrors =
        ["InvalidParameterValueException", "MissingRequiredParameterException", "InvalidParameterCombinationException", "SerializationException"];

    /// <summary>Problems in the lines after <paramref name="from"/> (advanced to the end of the file).</summary>
    public static IReadOnlyList<string> Check(string path, ref int from) => ExchangeLogLines.Check(path, ref from, CheckOne);

    public static IReadOnlyList<string> CheckOne(JsonElement exchange)
    {
        var operation = exchange.GetProperty("operation").GetString()!;
        var status = exchange.GetProperty("status").GetInt32();
        var request = exchange.GetProperty("request");
        var response = exchange.GetProperty("response");
        if (request.ValueKind == JsonValueKind.Object && request.TryGetProperty("method", out _) && request.TryGetProperty("path", out _))
        {
            return CheckLambda(operation, status, request, response);
        }

        return AwsModels.CloudWatchWire.Value.HasOperation(operation)
            ? CheckCloudWatch(operation, status, request, response)
            : [$"{operation}: not an operation of the Lambda or CloudWatch model"];
    }

    private static List<string> CheckLambda(string operation, int status, JsonElement request, JsonElement response)
    {
        var wire = AwsModels.LambdaWire.Value;
        var shapes = AwsModels.LambdaShapes.Value;
        var problems = new List<string>();
        if (status >= 400)
        {
            var code = Header(response, "x-amzn-ErrorType");
            if (code is null)
            {
                return [$"{operation}: error answer {status} without an x-amzn-ErrorType header"];
            }

            if (!CommonErrors.Contains(code) && !(wire.HasOperation(operation) && wire.Errors(operation).Contains(code)))
            {
                problems.Add($"{operation}: answers {code}, which the model does not list among its errors");
            }

            var body = response.GetProperty("body");
            if (wire.IsErrorShape(code))
            {
                if (wire.ErrorOf(code).Status != status)
                {
                    problems.Add($"{operation}: {code} answered with {status}, the model says {wire.ErrorOf(code).Status}");
                }

                problems.AddRange(ModelConformance.CheckJson(shapes, code, body).Select(p => $"{operation} {code} body {p}"));
            }
            else if (body.ValueKind != JsonValueKind.Object || !body.EnumerateObject().All(p => p.Name is "Type" or "message" or "Message"))
            {
                problems.Add($"{operation}: error body {body.GetRawText()} is not {{Type, message}}");
            }

            return problems;
        }

        if (!wire.HasOperation(operation))
        {
            return [$"{operation}: not a Lambda operation"];
        }

        var method = request.GetProperty("method").GetString()!;
        var path = request.GetProperty("path").GetString()!;
        if (!string.Equals(method, wire.Method(operation), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{operation}: method {method}, the model says {wire.Method(operation)}");
        }

        var labels = MatchUri(wire.RequestUri(operation), path);
        if (labels is null)
        {
            problems.Add($"{operation}: path {path} does not match {wire.RequestUri(operation)}");
            labels = [];
        }

        var expected = operation == "Invoke"
            ? Header(request, "X-Amz-Invocation-Type") switch { "Event" => 202, "DryRun" => 204, _ => 200 }
            : wire.ResponseCode(operation);
        var bodyless = wire.OutputShape(operation) is not { } outShape || wire.Members(outShape).All(m => m.Location != "body");
        if (status != expected && !(status == 204 && bodyless))
        {
            problems.Add($"{operation}: status {status}, the model says {expected}");
        }

        if (wire.InputShape(operation) is { } input)
        {
            var assembled = Assemble(wire, input, labels, request.GetProperty("query"), request.GetProperty("headers"), request.GetProperty("body"), problems, $"{operation} request");
            problems.AddRange(ModelConformance.CheckJson(shapes, input, ToElement(assembled)).Select(p => $"{operation} request {p}"));
        }

        var answer = response.GetProperty("body");
        if (wire.OutputShape(operation) is { } output)
        {
            var assembled = Assemble(wire, output, new Dictionary<string, string>(), default, response.GetProperty("headers"), answer, problems, $"{operation} response");
            problems.AddRange(ModelConformance.CheckJson(shapes, output, ToElement(assembled)).Select(p => $"{operation} response {p}"));
        }
        else if (answer.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            problems.Add($"{operation}: the model has no output, the answer has a body {answer.GetRawText()}");
        }

        return problems;
    }

    private static List<string> CheckCloudWatch(string operation, int status, JsonElement request, JsonElement response)
    {
        var wire = AwsModels.CloudWatchWire.Value;
        var shapes = AwsModels.CloudWatchShapes.Value;
        if (status >= 400)
        {
            var ok = response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("__type", out var type) && type.ValueKind == JsonValueKind.String
                && response.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && response.EnumerateObject().Count() == 2;
            if (!ok)
            {
                return [$"{operation}: error answer {response.GetRawText()} is not {{__type, message}}"];
            }

            var code = response.GetProperty("__type").GetString()!;
            var problems = new List<string>();
            if (!CommonErrors.Contains(code) && !CloudWatchCommonErrors.Contains(code) && !wire.Errors(operation).Contains(code))
            {
                problems.Add($"{operation}: answers {code}, which the model does not list among its errors");
            }

            if (wire.IsErrorShape(code) && wire.ErrorOf(code).Status != status)
            {
                problems.Add($"{operation}: {code} answered with {status}, the model says {wire.ErrorOf(code).Status}");
            }

            return problems;
        }

        var result = ModelConformance.CheckJson(shapes, wire.InputShape(operation)!, request).Select(p => $"{operation} request {p}").ToList();
        if (wire.OutputShape(operation) is { } output)
        {
            result.AddRange(ModelConformance.CheckJson(shapes, output, response).Select(p => $"{operation} response {p}"));
        }
        else if (response.ValueKind != JsonValueKind.Object || response.EnumerateObject().Any())
        {
            result.Add($"{operation}: the model has no output, the answer is {response.GetRawText()}");
        }

        return result;
    }

    /// <summary>
    /// The structure <paramref name="shape"/> as the wire carried it: URI labels, query parameters and headers under
    /// their member names (converted to the member's type), the body's members (which must be body members), or the raw
    /// payload member.
    /// </summary>
    private static JsonObject Assemble(
        RestJsonModel wire, string shape, IReadOnlyDictionary<string, string> labels, JsonElement query, JsonElement headers, JsonElement body, List<string> problems, string what)
    {
        var members = wire.Members(shape);
        var result = new JsonObject();
        foreach (var member in members)
        {
            var text = member.Location switch
            {
                "uri" => labels.GetValueOrDefault(member.LocationName),
                "querystring" when query.ValueKind == JsonValueKind.Object && query.TryGetProperty(member.LocationName, out var q) => q.GetString(),
                "header" => Header(headers, member.LocationName),
                _ => null,
            };
            if (text is not null)
            {
                result[member.Name] = Typed(wire.TypeOf(member.Shape), text, $"{what} {member.Location} {member.LocationName}", problems);
            }
        }

        if (query.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in query.EnumerateObject().Where(p => !members.Any(m => m.Location == "querystring" && m.LocationName == p.Name)))
            {
                problems.Add($"{what}: query parameter {parameter.Name} is not a member of {shape}");
            }
        }

        if (wire.Payload(shape) is { } payload)
        {
            if (body.ValueKind == JsonValueKind.String)
            {
                result[payload] = body.GetString();
            }
        }
        else if (body.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in body.EnumerateObject())
            {
                var member = members.FirstOrDefault(m => m.Name == property.Name);
                if (member.Name is not null && member.Location != "body")
                {
                    problems.Add($"{what}: {property.Name} travels in the {member.Location}, not in the body");
                }

                result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
        else if (body.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            problems.Add($"{what}: the body {body.GetRawText()} is not a JSON object");
        }

        return result;
    }

    private static JsonNode? Typed(string type, string text, string where, List<string> problems)
    {
        switch (type)
        {
            case "integer" or "long":
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }

                break;
            case "boolean":
                if (bool.TryParse(text, out var flag))
                {
                    return flag;
                }

                break;
            default:
                return text;
        }

        problems.Add($"{where}: '{text}' is not a {type}");
        return text;
    }

    private static string? Header(JsonElement holder, string name)
    {
        var headers = holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("headers", out var h) ? h : holder;
        return headers.ValueKind == JsonValueKind.Object
            ? headers.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null
            : null;
    }

    private static Dictionary<string, string>? MatchUri(string template, string path)
    {
        var templatePath = template.Split('?')[0].Trim('/').Split('/');
        var parts = path.Trim('/').Split('/');
        if (templatePath.Length != parts.Length)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            if (templatePath[i].StartsWith('{'))
            {
                labels[templatePath[i].Trim('{', '}', '+')] = Uri.UnescapeDataString(parts[i]);
            }
            else if (templatePath[i] != parts[i])
            {
                return null;
            }
        }

        return labels;
    }

    private static JsonElement ToElement(JsonObject value)
    {
        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.Clone();
    }
}
