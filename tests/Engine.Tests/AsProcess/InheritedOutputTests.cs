using System.Diagnostics;

namespace Pipeline.Engine.Tests.AsProcess;

/// <summary>
/// A build writes its standard output where the descriptor it inherited points, as any Unix program does: what the shell
/// writes before and after it to the same file stays whole, whatever the redirection.
/// </summary>
public sealed class InheritedOutputTests(ProbeInstall probe) : IClassFixture<ProbeInstall>
{
    [Theory]
    [InlineData("(echo before; build Greet; echo after) > out.txt")]
    [InlineData("echo before > out.txt; build Greet >> out.txt; echo after >> out.txt")]
    [InlineData("echo before > out.txt; (build Greet; echo after) >> out.txt")]
    [InlineData("(echo before; build Greet | cat; echo after) > out.txt")]
    [InlineData("(echo before; build Greet 2>&1; echo after) > out.txt")]
    public async Task What_the_shell_writes_around_a_build_stays_whole(string script)
    {
        await Shell(script);

        var lines = File.ReadAllLines(Path.Combine(probe.Root, "out.txt"));
        Assert.Equal("before", lines[0]);
        Assert.Equal("after", lines[^1]);
        var greetings = lines.Where(l => l.StartsWith("greeting ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["greeting 1 of 3", "greeting 2 of 3", "greeting 3 of 3"], greetings);
        Assert.Contains(lines, l => l.Contains("Build succeeded", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(probe.Root, ".nuke", "temp", "build.log")), "the probe ran in its own repository");
    }

    /// <summary>Runs <paramref name="script"/> in the probe's repository, where <c>build</c> runs <see cref="ProbeBuild"/>.</summary>
    private async Task Shell(string script)
    {
        var start = new ProcessStartInfo("sh", ["-c", "build() { \"$DOTNET\" \"$PROBE\" \"$@\"; }; " + script])
        {
            WorkingDirectory = probe.Root,
            RedirectStandardError = true,
            Environment =
            {
                ["DOTNET"] = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
                ["PROBE"] = probe.Assembly,
            },
        };
        using var shell = Process.Start(start)!;
        var errors = shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.True(shell.ExitCode == 0, $"the shell ended with {shell.ExitCode}: {await errors}");
    }
}
