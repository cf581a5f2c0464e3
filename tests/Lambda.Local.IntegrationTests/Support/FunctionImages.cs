using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Lambda.Local.IntegrationTests.Support;

/// <summary>
/// Function images the tests run, built with the docker CLI from the local Lambda's own runtime loop and Dockerfile
/// (Node from Debian on the offline Debian image); versions differ by APP_VERSION, so each has its own digest.
/// </summary>
internal static class FunctionImages
{
    public static async Task<string> BuildAsync(string tag, string appVersion)
    {
        var result = await DockerAsync(
            "build", "-q", "-t", tag, "--build-arg", $"BASE_IMAGE={TestImages.Debian}", "--build-arg", $"APP_VERSION={appVersion}", LocalLambda.RuntimeDirectory);
        Assert.True(result.ExitCode == 0, $"docker build of {tag} failed: {result.Error}");
        return tag;
    }

    public static async Task RemoveAsync(params string[] tags) => await DockerAsync(["rmi", "-f", .. tags]);

    /// <summary>The ids of the running containers carrying <paramref name="label"/> (key=value).</summary>
    public static async Task<IReadOnlyList<string>> RunningAsync(string label)
    {
        var result = await DockerAsync("ps", "-q", "--no-trunc", "--filter", $"label={label}");
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public static async Task<(int ExitCode, string Output, string Error)> DockerAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
