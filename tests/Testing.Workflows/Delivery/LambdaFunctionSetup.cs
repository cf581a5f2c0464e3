using System.Text.Json.Nodes;

namespace Pipeline.Testing.Workflows.Delivery;

/// <summary>
/// What infrastructure code (the CDK's API stack and monitoring stack) creates for one environment's function, done with
/// the aws CLI on the local Lambda: the function from the placeholder image, its version 1, the alias production goes
/// through pointing at it, the alias's function URL (AuthType NONE), and the alias's alarms — error rate above 5 % and
/// p99 above 2 s, sustained for five periods. Pipeline deploys releases onto it.
/// </summary>
public sealed class LambdaFunctionSetup
{
    public const string Alias = "live";

    private LambdaFunctionSetup(string function, Uri url)
    {
        Function = function;
        Url = url;
    }

    public string Function { get; }

    /// <summary>The alias's function URL (a loopback port of the local Lambda).</summary>
    public Uri Url { get; }

    public string ErrorRateAlarm => $"{Function}-error-rate";

    public string P99Alarm => $"{Function}-p99";

    public static async Task<LambdaFunctionSetup> CreateAsync(DeliveryLambda lambda, string function)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var cli = lambda.Cli;
        await cli.OkAsync(
            "lambda", "create-function", "--function-name", function, "--package-type", "Image", "--code", $"ImageUri={lambda.PlaceholderImage}",
            "--role", $"arn:aws:iam::000000000000:role/{function}", "--timeout", "10");
        await cli.OkAsync("lambda", "wait", "function-active-v2", "--function-name", function);
        var version = (await cli.OkAsync("lambda", "publish-version", "--function-name", function, "--description", "placeholder (infrastructure code)"))["Version"]!.GetValue<string>();
        await cli.OkAsync("lambda", "create-alias", "--function-name", function, "--name", Alias, "--function-version", version);
        var url = await cli.OkAsync("lambda", "create-function-url-config", "--function-name", function, "--qualifier", Alias, "--auth-type", "NONE");
        var setup = new LambdaFunctionSetup(function, new Uri(url["FunctionUrl"]!.GetValue<string>()));
        await cli.OkAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", setup.ErrorRateAlarm, "--alarm-description", $"error rate of {function}:{Alias} above 5 %",
            "--metrics", new JsonArray(
                setup.Query("errors", "Errors", "Sum"),
                setup.Query("invocations", "Invocations", "Sum"),
                new JsonObject { ["Id"] = "rate", ["Expression"] = "100 * errors / invocations", ["Label"] = "error rate", ["ReturnData"] = true }).ToJsonString(),
            "--evaluation-periods", "5", "--threshold", "5", "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching");
        await cli.OkAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", setup.P99Alarm, "--alarm-description", $"p99 of {function}:{Alias} above 2 s",
            "--namespace", "AWS/Lambda", "--metric-name", "Duration", "--dimensions", $"Name=FunctionName,Value={function}", $"Name=Resource,Value={function}:{Alias}",
            "--extended-statistic", "p99", "--period", "60", "--evaluation-periods", "5", "--threshold", "2000",
            "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching", "--unit", "Milliseconds");
        return setup;
    }

    /// <summary>The alias as Lambda describes it.</summary>
    public Task<JsonNode> AliasAsync(DeliveryLambda lambda) =>
        lambda.Cli.OkAsync("lambda", "get-alias", "--function-name", Function, "--name", Alias);

    /// <summary>A published version's configuration (its Description names what Pipeline deployed).</summary>
    public Task<JsonNode> VersionAsync(DeliveryLambda lambda, string version) =>
        lambda.Cli.OkAsync("lambda", "get-function-configuration", "--function-name", Function, "--qualifier", version);

    private JsonObject Query(string id, string metric, string stat) => new()
    {
        ["Id"] = id,
        ["MetricStat"] = new JsonObject
        {
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = "AWS/Lambda",
                ["MetricName"] = metric,
                ["Dimensions"] = new JsonArray(
                    new JsonObject { ["Name"] = "FunctionName", ["Value"] = Function },
                    new JsonObject { ["Name"] = "Resource", ["Value"] = $"{Function}:{Alias}" }),
            },
            ["Period"] = 60,
            ["Stat"] = stat,
        },
        ["ReturnData"] = false,
    };
}
