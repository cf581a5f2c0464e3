using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Xunit.Abstractions;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>
/// What docs/new-build.md tells a user to do, in a temporary folder: pack the Pipeline packages and the template, install
/// the template into a private hive, create a fresh git repository with it, run <c>./build.sh --help</c> and a target.
/// Nothing is installed on the machine: the template hive, the CLI home and the NuGet cache are temporary (the machine's
/// NuGet cache only serves as a read-only fallback for third-party packages).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh
public sealed class NewBuildTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    private readonly string _work = Directory.CreateTempSubdirectory("pipeline-new-build-").FullName;
    private readonly ITestOutputHelper _log;

    public NewBuildTests(ITestOutputHelper log) => _log = log;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the folder is temporary anyway.
        }
    }

    private string Packages => Path.Combine(_work, "packages");

    private string Repository => Path.Combine(_work, "my-service");

    private string Hive => Path.Combine(_work, "template-hive");

    [Fact]
    public async Task A_fresh_repository_started_from_the_template_lists_its_targets_and_runs_one()
    {
        using var cancellation = new CancellationTokenSource(Limit);
        var ct = cancellation.Token;
        await PackAsync(ct);
        var template = Assert.Single(Directory.GetFiles(Packages, "Pipeline.Templates.*.nupkg"));
        Assert.Single(Directory.GetFiles(Packages, "Pipeline.Components.*.nupkg"));

        await RunAsync("dotnet", ["new", "install", template, "--debug:custom-hive", Hive], _work, ct);
        Directory.CreateDirectory(Repository);
        await RunAsync("git", ["init", "-q"], Repository, ct);
        await RunAsync("dotnet", ["new", "pipeline-build", "--packages", Packages, "--debug:custom-hive", Hive], Repository, ct);

        foreach (var file in new[] { "build/_build.csproj", "build/Build.cs", "build.sh", "build.ps1", ".nuke/parameters.json", "global.json", "nuget.config", ".gitignore" })
        {
            Assert.True(File.Exists(Path.Combine(Repository, file)), $"dotnet new did not write {file}");
        }

        Assert.True(File.GetUnixFileMode(Path.Combine(Repository, "build.sh")).HasFlag(UnixFileMode.UserExecute), "build.sh is not executable");
        var version = Path.GetFileNameWithoutExtension(template)["Pipeline.Templates.".Length..];
        Assert.Contains($"Include=\"Pipeline.Components\" Version=\"{version}\"", await File.ReadAllTextAsync(Path.Combine(Repository, "build/_build.csproj"), ct), StringComparison.Ordinal);

        var help = await RunAsync(Path.Combine(Repository, "build.sh"), ["--help"], Repository, ct);
        Assert.Contains("compiling the build project (first run", help.StandardError, StringComparison.Ordinal);
        Assert.Contains("Hello", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Test (default)", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--name <text>", help.StandardOutput, StringComparison.Ordinal);

        var hello = await RunAsync(Path.Combine(Repository, "build.sh"), ["Hello", "--name", "new repository"], Repository, ct);
        Assert.Contains("Hello, new repository!", hello.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("compiling the build project", hello.StandardError, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", hello.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The packable src/ projects and the template, through a solution filter so one command packs them all.</summary>
    private async Task PackAsync(CancellationToken ct)
    {
        var root = RepositoryRoot();
        var projects = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}content{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => !File.ReadAllText(p).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(root, p).Replace('/', '\\'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var filter = Path.Combine(_work, "packages.slnf");
        var json = new StringBuilder().Append("{\"solution\":{\"path\":\"")
            .Append(Path.Combine(root, "Pipeline.sln").Replace("\\", "\\\\", StringComparison.Ordinal))
            .Append("\",\"projects\":[")
            .AppendJoin(",", projects.Select(p => "\"" + p.Replace("\\", "\\\\", StringComparison.Ordinal) + "\""))
            .Append("]}}");
        await File.WriteAllTextAsync(filter, json.ToString(), ct);
        // The repository's own NuGet setup: an isolated cache here would rewrite its obj/project.assets.json files.
        await RunAsync("dotnet", ["pack", filter, "-c", "Release", "-o", Packages, "--nologo", "-v:m", "-tl:off", "-p:IncludeSymbols=false"], root, ct, isolated: false);
    }

    /// <summary>
    /// Runs a command; <paramref name="isolated"/> ones (in the new repository) get a temporary CLI home and NuGet cache,
    /// with the machine's cache as a read-only fallback for third-party packages.
    /// </summary>
    private async Task<BufferedCommandResult> RunAsync(string tool, string[] arguments, string directory, CancellationToken ct, bool isolated = true)
    {
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var result = await Cli.Wrap(tool)
            .WithArguments(arguments)
            .WithWorkingDirectory(directory)
            .WithEnvironmentVariables(env =>
            {
                env.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1").Set("MSBUILDDISABLENODEREUSE", "1");
                if (isolated)
                {
                    env.Set("DOTNET_CLI_HOME", Path.Combine(_work, "cli-home"))
                        .Set("NUGET_PACKAGES", Path.Combine(_work, "nuget-cache"))
                        .Set("RestoreAdditionalProjectFallbackFolders", machineCache);
                }
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        _log.WriteLine($"$ {tool} {string.Join(' ', arguments)}  (exit {result.ExitCode}, {result.RunTime.TotalSeconds:0.0} s)");
        _log.WriteLine(result.StandardOutput);
        _log.WriteLine(result.StandardError);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
