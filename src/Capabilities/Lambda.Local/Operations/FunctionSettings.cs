using System.Text.RegularExpressions;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>The configuration members CreateFunction and UpdateFunctionConfiguration share, validated as Lambda does and applied to a configuration.</summary>
internal static partial class FunctionSettings
{
    public static void Apply(JsonMembers body, VersionConfig config)
    {
        if (body.Has("Runtime") || body.Has("Handler") || body.Has("Layers"))
        {
            throw LambdaException.InvalidParameter("Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.");
        }

        if (body.String("Role") is { } role)
        {
            config.Role = RolePattern().IsMatch(role)
                ? role
                : throw LambdaException.InvalidParameter($"1 validation error detected: Value '{role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{{12}}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
        }

        if (body.String("Description") is { } description)
        {
            config.Description = description.Length <= 256 ? description : throw LambdaException.InvalidParameter("Description must be 256 characters at most.");
        }

        if (body.Int("Timeout") is { } timeout)
        {
            config.Timeout = timeout is >= 1 and <= 900 ? timeout : throw LambdaException.InvalidParameter($"Timeout {timeout} must be between 1 and 900 seconds.");
        }

        if (body.Int("MemorySize") is { } memory)
        {
            config.MemorySize = memory is >= 128 and <= 10240 ? memory : throw LambdaException.InvalidParameter($"MemorySize {memory} must be between 128 and 10240 MB.");
        }

        if (body.Object("Environment") is { } environment)
        {
            config.Environment = new Dictionary<string, string>(environment.StringMap("Variables") ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (config.Environment.Keys.FirstOrDefault(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k == "_HANDLER") is { } reserved)
            {
                throw LambdaException.InvalidParameter($"Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {reserved}");
            }
        }

        if (body.Object("ImageConfig") is { } image)
        {
            config.EntryPoint = image.Strings("EntryPoint") is { } entryPoint ? [.. entryPoint] : null;
            config.Command = image.Strings("Command") is { } command ? [.. command] : null;
            config.WorkingDirectory = image.String("WorkingDirectory");
        }
    }

    public static List<string> Architectures(JsonMembers body) => body.Strings("Architectures") switch
    {
        null => ["x86_64"],
        [var one] when one is "x86_64" or "arm64" => [one],
        _ => throw LambdaException.InvalidParameter("Architectures must name one architecture: x86_64 or arm64."),
    };

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RolePattern();
}
