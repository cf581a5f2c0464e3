using Pipeline.Testing.Packages;
using Xunit.Abstractions;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>
/// What docs/new-build.md tells a user to do, in a temporary folder: pack the Pipeline packages and the template, install
/// the template into a private hive, create a fresh git repository with it, run <c>./build.sh --help</c> and a target.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh
[Collection(TemplateCollection.Name)]
public sealed class NewBuildTests(TemplatePackages packages, ITestOutputHelper log)
{
    [Fact]
    public async Task A_fresh_repository_started_from_the_template_lists_its_targets_and_runs_one()
    {
        using var cancellation = new CancellationTokenSource(TemplatePackages.Limit);
        var ct = cancellation.Token;
        var repository = await packages.NewRepositoryAsync("my-service", log, ct);

        foreach (var file in new[] { "build/_build.csproj", "build/Build.cs", "build/ReadyToRun.targets", "build.sh", "build.ps1", ".nuke/parameters.json", "global.json", "nuget.config", ".gitignore" })
        {
            Assert.True(File.Exists(Path.Combine(repository, file)), $"dotnet new did not write {file}");
        }

        Assert.True(File.GetUnixFileMode(Path.Combine(repository, "build.sh")).HasFlag(UnixFileMode.UserExecute), "build.sh is not executable");
        var version = Path.GetFileNameWithoutExtension(packages.Template)["Pipeline.Templates.".Length..];
        Assert.Contains($"Include=\"Pipeline.Components\" Version=\"{version}\"", await File.ReadAllTextAsync(Path.Combine(repository, "build/_build.csproj"), ct), StringComparison.Ordinal);

        // A shell variable MSBuild would read as a property (OUTDIR) must not break or redirect the first compile.
        var help = await TemplateCommand.RunAsync(packages, log, Path.Combine(repository, "build.sh"), ["--help"], repository, ct,
            environment: new Dictionary<string, string> { ["OUTDIR"] = Path.Combine(repository, "elsewhere") + "/" });
        Assert.False(Directory.Exists(Path.Combine(repository, "elsewhere")), "OUTDIR redirected the build project's output");
        Assert.Contains("compiling the build project (first run", help.StandardError, StringComparison.Ordinal);
        Assert.Contains("Hello", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Test (default)", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--name <text>", help.StandardOutput, StringComparison.Ordinal);
        // Compiled ahead of time, or said why not (the compiler package did not restore here).
        Assert.True(
            IsReadyToRun(Path.Combine(repository, "build/bin/_build.dll"))
            || help.StandardError.Contains("ReadyToRun is not available here", StringComparison.Ordinal),
            $"build/bin/_build.dll is plain IL and build.sh did not say why:\n{help.StandardError}");

        var hello = await TemplateCommand.RunAsync(packages, log, Path.Combine(repository, "build.sh"), ["Hello", "--name", "new repository"], repository, ct);
        Assert.Contains("Hello, new repository!", hello.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("compiling the build project", hello.StandardError, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", hello.StandardOutput, StringComparison.Ordinal);
        // The package's source generator listed the targets and parameters at compile time (a faster start); the private
        // Hello target and the private readonly Name field above went through it.
        Assert.Contains(
            "targets and parameters of Build: from the generated build model",
            await File.ReadAllTextAsync(Path.Combine(repository, ".nuke/temp/build.log"), ct),
            StringComparison.Ordinal);
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
