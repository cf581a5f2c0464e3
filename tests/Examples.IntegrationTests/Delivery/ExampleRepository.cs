using CliWrap.Buffered;
using Pipeline.Testing;
using Pipeline.Testing.Packages;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests.Delivery;

/// <summary>
/// An example copied to a git repository of its own, as a user has it: its nuget.config's <c>feed</c> folder pointed at the
/// Pipeline packages packed by this run, its build.sh run with the packages' isolated NuGet cache.
/// </summary>
public sealed class ExampleRepository(TemplatePackages packages, string directory, ITestOutputHelper log)
{
    public string Directory { get; } = directory;

    /// <summary>Copies <c>examples/&lt;example&gt;</c> (links resolved) into a fresh repository and commits it.</summary>
    public static async Task<ExampleRepository> CreateAsync(TemplatePackages packages, string example, ITestOutputHelper log, CancellationToken ct)
    {
        var source = Path.Combine(RepositoryFolder.Root, "examples", example);
        var target = Path.Combine(packages.Work, $"{example}-{Guid.NewGuid().ToString("N")[..6]}");
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or "temp" or "__pycache__" or "node_modules" or "artifacts" or ".pipeline")))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var config = Path.Combine(target, "nuget.config");
        var text = await File.ReadAllTextAsync(config, ct);
        Assert.Contains("value=\"feed\"", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text.Replace("value=\"feed\"", $"value=\"{packages.Packages}\"", StringComparison.Ordinal), ct);
        var repository = new ExampleRepository(packages, target, log);
        await repository.GitAsync(ct, "init", "-q");
        await repository.CommitAsync("the example", ct);
        return repository;
    }

    /// <summary>Runs <c>./build.sh</c>; fails the test unless it succeeds.</summary>
    public Task<BufferedCommandResult> BuildAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct, params string[] arguments) =>
        TemplateCommand.RunAsync(packages, log, Path.Combine(Directory, "build.sh"), arguments, Directory, ct, environment: environment);

    /// <summary>Runs <c>./build.sh</c> expecting it to fail; its output.</summary>
    public async Task<BufferedCommandResult> FailingBuildAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct, params string[] arguments)
    {
        var result = await TemplateCommand.RunAsync(
            packages, log, Path.Combine(Directory, "build.sh"), arguments, Directory, ct, environment: environment, mustSucceed: false);
        Assert.True(result.ExitCode != 0, $"build.sh {string.Join(' ', arguments)} succeeded:\n{result.StandardOutput}");
        return result;
    }

    /// <summary>Writes <paramref name="file"/> (relative to the repository) and commits it.</summary>
    public async Task ChangeAsync(string file, string text, string message, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(Directory, file), text, ct);
        await CommitAsync(message, ct);
    }

    public async Task CommitAsync(string message, CancellationToken ct)
    {
        await GitAsync(ct, "add", "-A");
        await GitAsync(ct, "-c", "user.name=example", "-c", "user.email=example@example.com", "commit", "-q", "--allow-empty", "-m", message);
    }

    private Task<BufferedCommandResult> GitAsync(CancellationToken ct, params string[] arguments) =>
        TemplateCommand.RunAsync(packages, log, "git", arguments, Directory, ct);
}
