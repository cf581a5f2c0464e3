using CliWrap;
using CliWrap.Buffered;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Tools;
using Xunit.Abstractions;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>
/// build.ps1 does what build.sh does, run by PowerShell in a fresh repository started from the template: the first run
/// compiles the build project (saying so) and lists the targets, the next runs a target without compiling again.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class PowerShellBuildTests(TemplatePackages packages, ITestOutputHelper log)
{
    [FactRequiring(Requirement.PowerShell)]
    public async Task Build_ps1_in_a_fresh_repository_lists_the_targets_then_runs_one_without_compiling_again()
    {
        var pwsh = PowerShell.Executable ?? throw new InvalidOperationException(PowerShell.UnavailableReason);
        using var cancellation = new CancellationTokenSource(TemplatePackages.Limit);
        var ct = cancellation.Token;
        var repository = await packages.NewRepositoryAsync("my-powershell-service", log, ct);
        var script = Path.Combine(repository, "build.ps1");

        var help = await TemplateCommand.RunAsync(packages, log, pwsh, ["-NoProfile", "-File", script, "--help"], repository, ct);
        Assert.Contains("build.ps1: compiling the build project (first run", help.StandardError, StringComparison.Ordinal);
        Assert.Contains("build.ps1: build project ready in", help.StandardError, StringComparison.Ordinal);
        Assert.Contains("Test (default)", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--name <text>", help.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Build succeeded.", help.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repository, ".nuke", "temp", "dotnet-path")), "build.ps1 did not remember the dotnet it found");

        var hello = await TemplateCommand.RunAsync(packages, log, pwsh, ["-NoProfile", "-File", script, "Hello", "--name", "PowerShell"], repository, ct);
        Assert.Contains("Hello, PowerShell!", hello.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("compiling the build project", hello.StandardError, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", hello.StandardOutput, StringComparison.Ordinal);

        // A failing target fails the script: its exit code is the engine's.
        var unknown = await Cli.Wrap(pwsh).WithArguments(["-NoProfile", "-File", script, "NoSuchTarget"]).WithWorkingDirectory(repository)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NoSuchTarget", unknown.StandardOutput, StringComparison.Ordinal);
    }
}
