using CliWrap;
using CliWrap.Buffered;
using Xunit.Abstractions;

namespace Pipeline.Testing.Packages;

/// <summary>Runs a command of the template tests and asserts it succeeded, its output in the test log.</summary>
public static class TemplateCommand
{
    /// <summary>
    /// Runs a command; <paramref name="isolated"/> ones (in the new repository) get a temporary CLI home and NuGet cache,
    /// with the machine's cache as a read-only fallback for third-party packages. Unless <paramref name="mustSucceed"/>
    /// is false, a non-zero exit fails the test.
    /// </summary>
    public static async Task<BufferedCommandResult> RunAsync(
        TemplatePackages packages, ITestOutputHelper? log, string tool, string[] arguments, string directory, CancellationToken ct, bool isolated = true,
        IReadOnlyDictionary<string, string>? environment = null, bool mustSucceed = true)
    {
        var result = await Cli.Wrap(tool)
            .WithArguments(arguments)
            .WithWorkingDirectory(directory)
            .WithEnvironmentVariables(env =>
            {
                env.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1").Set("MSBUILDDISABLENODEREUSE", "1");
                foreach (var (name, value) in isolated ? IsolatedEnvironment(packages) : new Dictionary<string, string>())
                {
                    env.Set(name, value);
                }

                foreach (var (name, value) in environment ?? new Dictionary<string, string>())
                {
                    env.Set(name, value);
                }
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        log?.WriteLine($"$ {tool} {string.Join(' ', arguments)}  (exit {result.ExitCode}, {result.RunTime.TotalSeconds:0.0} s)");
        log?.WriteLine(result.StandardOutput);
        log?.WriteLine(result.StandardError);
        Assert.True(!mustSucceed || result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    /// <summary>
    /// What an isolated command's environment sets: a temporary CLI home and NuGet cache (so the Pipeline packages of
    /// this run are restored, never older ones of the same version), the machine's cache a read-only fallback.
    /// </summary>
    public static IReadOnlyDictionary<string, string> IsolatedEnvironment(TemplatePackages packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return new Dictionary<string, string>
        {
            ["DOTNET_CLI_HOME"] = Path.Combine(packages.Work, "cli-home"),
            ["NUGET_PACKAGES"] = Path.Combine(packages.Work, "nuget-cache"),
            ["RestoreAdditionalProjectFallbackFolders"] = machineCache,
        };
    }
}
