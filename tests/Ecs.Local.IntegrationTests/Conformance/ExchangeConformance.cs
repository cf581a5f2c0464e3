using System.Text.Json;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Testing.Aws;

namespace Pipeline.Ecs.Local.IntegrationTests.Conformance;

/// <summary>
/// Checks the local ECS's exchange log (one JSON line per request and answer) against the official models: ECS's, and
/// CloudWatch's and CloudWatch Logs' for the APIs it serves beside it.
/// </summary>
internal static class ExchangeConformance
{
    private static readonly Lazy<ServiceModel> Ecs = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs)));
    private static readonly Lazy<ServiceModel> CloudWatch = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.CloudWatch)));
    private static readonly Lazy<ServiceModel> Logs = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Logs)));

    /// <summary>Problems in the lines after <paramref name="from"/> (advanced to the end of the file).</summary>
    public static IReadOnlyList<string> Check(string path, ref int from) => ExchangeLogLines.Check(path, ref from, CheckOne);

    /// <summary>Problems of one exchange {operation, status, request, response}.</summary>
    public static IReadOnlyList<string> CheckOne(JsonElement exchange)
    {
        var operation = exchange.GetProperty("operation").GetString()!;
        var model = new[] { Ecs.Value, Logs.Value }.FirstOrDefault(m => m.Operations.Contains(operation)) ?? CloudWatch.Value;
        var status = exchange.GetProperty("status").GetInt32();
        var response = exchange.GetProperty("response");
        if (status != 200)
        {
            var ok = response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("__type", out var type) && type.ValueKind == JsonValueKind.String
                && response.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && response.EnumerateObject().Count() == 2;
            return ok ? [] : [$"{operation}: error answer {response.GetRawText()} is not AWS's {{__type, message}}"];
        }

        return
        [
            .. ModelConformance.CheckJson(model, model.InputShape(operation), exchange.GetProperty("request")).Select(p => $"{operation} request {p}"),
            .. (model.HasOutput(operation)
                ? ModelConformance.CheckJson(model, model.OutputShape(operation), response).Select(p => $"{operation} response {p}")
                : []),
        ];
    }
}
