using Pipeline.Aws.Lambda;

namespace Pipeline.Deploy.Lambda;

/// <summary>A published version as Pipeline reads it: number, qualified ARN, state and what its description says it is.</summary>
internal sealed record FunctionVersion(string Number, string Arn, string? State, VersionDescription? Description, string? Role);

/// <summary>The function's published versions (ListVersionsByFunction), read from Lambda each time they are needed.</summary>
internal sealed class FunctionVersions(LambdaClient lambda, LambdaPlatformSettings settings, LambdaErrors errors)
{
    /// <summary>The unpublished version: the function's current code and configuration, changed by every update.</summary>
    public const string Latest = "$LATEST";

    public async Task<IReadOnlyDictionary<string, FunctionVersion>> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            var all = await errors.CallAsync(() => lambda.ListAllVersionsAsync(settings.FunctionName, cancellationToken));
            return all.Where(v => v.Version is { } n && n != Latest).Select(Of).ToDictionary(v => v.Number, StringComparer.Ordinal);
        }
        catch (DeployException e) when (e.InnerException is Pipeline.Aws.AwsException aws && LambdaErrors.IsNotFound(aws))
        {
            return new Dictionary<string, FunctionVersion>();
        }
    }

    public async Task<FunctionVersion> GetAsync(string number, CancellationToken cancellationToken) =>
        Of(await errors.CallAsync(() => lambda.GetFunctionConfigurationAsync(
            new GetFunctionConfigurationRequest { FunctionName = settings.FunctionName, Qualifier = number }, cancellationToken)));

    /// <summary>The version a release source names (a qualified function ARN ending in a version number); null for an image.</summary>
    public static string? VersionOf(string source) =>
        source.StartsWith("arn:", StringComparison.Ordinal) && source.Contains(":function:", StringComparison.Ordinal)
        && source[(source.LastIndexOf(':') + 1)..] is { Length: > 0 } last && last.All(char.IsAsciiDigit)
            ? last
            : null;

    public static FunctionVersion Of(FunctionConfiguration configuration)
    {
        var number = configuration.Version ?? Latest;
        var arn = configuration.FunctionArn ?? "";
        return new(
            number,
            arn.EndsWith($":{number}", StringComparison.Ordinal) ? arn : $"{arn}:{number}",
            configuration.State,
            VersionDescription.Parse(configuration.Description),
            configuration.Role);
    }

    /// <summary>The revision the deploy engine works with: its id is the version number, its source the qualified ARN.</summary>
    public static Revision RevisionOf(FunctionVersion version) => new(
        version.Number,
        new Release(version.Description?.Label ?? $"version {version.Number}", version.Arn, version.Description?.Commit, version.Description?.Digest));
}
