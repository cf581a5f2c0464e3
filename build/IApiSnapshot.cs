using Pipeline.Components;
using Pipeline.Engine.Targets;

namespace Build;

/// <summary>
/// <c>ApiSnapshot</c>: writes each package's approved public API (<c>PublicApi.txt</c> beside every packable project
/// under <c>src/</c>) from the assemblies as they are now. The unit tests in <c>tests/PublicApi.Tests</c> fail while a
/// package's public surface differs from its file, naming the members added and removed.
/// </summary>
internal interface IApiSnapshot : ICompile
{
    Target ApiSnapshot => _ => _
        .Description("Write each package's approved public API (src/**/PublicApi.txt) anew: review the diff, then commit it")
        .Executes(async ct =>
        {
            var before = ApprovedFiles().ToDictionary(f => f, File.ReadAllText, StringComparer.Ordinal);
            await Tools.RunAsync(
                "dotnet",
                ["test", RootDirectory / "tests" / "PublicApi.Tests" / "Pipeline.PublicApi.Tests.csproj", "-c", Configuration.ToString(),
                    "--filter", "FullyQualifiedName~PublicApiTests", "--nologo", "-v:q", "-tl:off"],
                environment: new Dictionary<string, string?> { ["PIPELINE_APPROVE_API"] = "1" },
                cancellationToken: ct,
                quiet: Verbose ? null : DotNetOutput.IsSuccessNoise);
            var changed = ApprovedFiles()
                .Where(f => !before.TryGetValue(f, out var text) || text != File.ReadAllText(f))
                .Select(f => Path.GetRelativePath(RootDirectory, f).Replace('\\', '/'))
                .ToList();
            Output.WriteLine(changed.Count == 0
                ? "Every public API is as approved."
                : $"Approved anew (review the diff, then commit): {string.Join(", ", changed)}");
        });

    private IEnumerable<string> ApprovedFiles() =>
        Directory.EnumerateFiles(RootDirectory / "src", "PublicApi.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
