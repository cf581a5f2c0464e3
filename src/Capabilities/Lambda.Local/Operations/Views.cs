using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>The output shapes of the Lambda API, member for member as the model names them.</summary>
internal static class Views
{
    /// <summary>FunctionConfiguration of <c>$LATEST</c> (unqualified ARN, as GetFunction answers) or of a version.</summary>
    public static JsonObject Configuration(FunctionState function, VersionConfig config, Arns arns, bool qualifiedArn = false) => LambdaJson.Object(
        ("FunctionName", function.Name),
        ("FunctionArn", config.Version == "$LATEST" && !qualifiedArn ? function.Arn : arns.Qualified(function.Name, config.Version)),
        ("Role", config.Role),
        ("CodeSize", config.CodeSize),
        ("Description", config.Description),
        ("Timeout", config.Timeout),
        ("MemorySize", config.MemorySize),
        ("LastModified", LambdaJson.Timestamp(config.LastModified)),
        ("CodeSha256", config.CodeSha256),
        ("Version", config.Version),
        ("Environment", config.Environment.Count == 0 ? null : new JsonObject { ["Variables"] = LambdaJson.Map(config.Environment) }),
        ("TracingConfig", new JsonObject { ["Mode"] = "PassThrough" }),
        ("RevisionId", config.RevisionId),
        ("State", config.State),
        ("StateReason", config.StateReason),
        ("StateReasonCode", config.StateReasonCode),
        ("LastUpdateStatus", config.LastUpdateStatus),
        ("LastUpdateStatusReason", config.LastUpdateStatusReason),
        ("LastUpdateStatusReasonCode", config.LastUpdateStatusReasonCode),
        ("PackageType", "Image"),
        ("ImageConfigResponse", ImageConfig(config)),
        ("Architectures", LambdaJson.Strings(config.Architectures)),
        ("EphemeralStorage", new JsonObject { ["Size"] = 512 }),
        ("SnapStart", new JsonObject { ["ApplyOn"] = "None", ["OptimizationStatus"] = "Off" }),
        ("LoggingConfig", new JsonObject { ["LogFormat"] = "Text", ["LogGroup"] = $"/aws/lambda/{function.Name}" }));

    public static JsonObject Alias(FunctionState function, AliasState alias, Arns arns) => LambdaJson.Object(
        ("AliasArn", arns.Qualified(function.Name, alias.Name)),
        ("Name", alias.Name),
        ("FunctionVersion", alias.FunctionVersion),
        ("Description", alias.Description),
        ("RoutingConfig", alias.Weights.Count == 0 ? null : new JsonObject { ["AdditionalVersionWeights"] = LambdaJson.Map(alias.Weights) }),
        ("RevisionId", alias.RevisionId));

    private static JsonObject? ImageConfig(VersionConfig config)
    {
        var image = LambdaJson.Object(
            ("EntryPoint", config.EntryPoint is null ? null : LambdaJson.Strings(config.EntryPoint)),
            ("Command", config.Command is null ? null : LambdaJson.Strings(config.Command)),
            ("WorkingDirectory", config.WorkingDirectory));
        return image.Count == 0 ? null : new JsonObject { ["ImageConfig"] = image };
    }
}
