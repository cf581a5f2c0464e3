using CliWrap;
using CliWrap.Buffered;

namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>The docker CLI, as the examples' users and their CI run it.</summary>
public static class DockerCli
{
    /// <summary>Runs <c>docker</c> with <paramref name="arguments"/>; the result whatever the exit code.</summary>
    public static Task<BufferedCommandResult> RunAsync(IEnumerable<string> arguments, CancellationToken ct = default) =>
        Cli.Wrap("docker").WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);

    /// <summary>Runs <c>docker</c> and fails the test when it exits non-zero; its standard output, trimmed.</summary>
    public static async Task<string> OkAsync(IEnumerable<string> arguments, CancellationToken ct = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(list, ct);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', list)} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput.Trim();
    }
}
