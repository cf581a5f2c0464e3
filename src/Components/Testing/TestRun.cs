using Pipeline.Engine;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Testing;

/// <summary>
/// Runs test projects one after another with TRX results and Cobertura coverage under the artifacts folder. Every project
/// runs even when an earlier one fails; the failures are reported together at the end.
/// </summary>
public static class TestRun
{
    public static async Task<IReadOnlyList<AbsolutePath>> RunAsync(
        IPipelineBuild build,
        IEnumerable<AbsolutePath> projects,
        string configuration,
        AbsolutePath resultsDirectory,
        AbsolutePath coverageDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        CancellationToken cancellationToken)
    {
        resultsDirectory.CreateDirectory();
        coverageDirectory.CreateDirectory();
        var failed = new List<string>();
        var coverageFiles = new List<AbsolutePath>();
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var raw = resultsDirectory / "raw" / name;
            if (Directory.Exists(raw))
            {
                Directory.Delete(raw, recursive: true);
            }

            var logger = build.Host is Engine.Output.GitHubActionsHost ? new[] { "--logger", "GitHubActions" } : [];
            var scope = CoverageScope.Assemblies(project, build.RootDirectory / "src");
            string[] include = scope.Count > 0 ? ["--", CoverageScope.IncludeArgument(scope)] : [];
            var result = await build.Tools.RunAsync(
                "dotnet",
                ["test", project, "--no-build", "-c", configuration, "--nologo",
                 "--logger", $"trx;LogFileName={name}.trx", "--logger", "console;verbosity=normal", .. logger,
                 "--results-directory", raw, "--collect", "XPlat Code Coverage;Format=cobertura", .. include],
                environment: environment,
                allowFailure: true,
                cancellationToken: cancellationToken);
            if (result.ExitCode != 0)
            {
                failed.Add(name);
            }

            foreach (var trx in Directory.EnumerateFiles(raw, "*.trx", SearchOption.AllDirectories))
            {
                File.Copy(trx, resultsDirectory / Path.GetFileName(trx), overwrite: true);
            }

            if (Directory.EnumerateFiles(raw, "coverage.cobertura.xml", SearchOption.AllDirectories).FirstOrDefault() is { } coverage)
            {
                var target = coverageDirectory / $"{name}.cobertura.xml";
                File.Copy(coverage, target, overwrite: true);
                coverageFiles.Add(target);
            }
        }

        if (failed.Count > 0)
        {
            throw new TestsFailedException(
                $"Tests failed in {string.Join(", ", failed)}; see the output above and the TRX files in {resultsDirectory.RelativeTo(build.RootDirectory)}.");
        }

        return coverageFiles;
    }
}
