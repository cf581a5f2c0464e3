using System.Reflection;

namespace Pipeline.Sample;

/// <summary>
/// What <c>/version</c> answers: <c>PIPELINE_VERSION</c> / <c>PIPELINE_GIT_SHA</c> set at deploy, else the assembly's
/// informational version (MinVer, with the source revision after '+').
/// </summary>
public sealed record BuildVersion(string Service, string Version, string GitSha)
{
    public static BuildVersion From(IConfiguration configuration)
    {
        var informational = typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var assemblyVersion = plus < 0 ? informational : informational[..plus];
        var assemblySha = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return new BuildVersion(
            "pipeline-sample",
            NonEmpty(configuration["PIPELINE_VERSION"]) ?? assemblyVersion,
            NonEmpty(configuration["PIPELINE_GIT_SHA"]) ?? assemblySha);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
