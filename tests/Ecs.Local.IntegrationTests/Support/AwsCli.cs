using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pipeline.Ecs.Local.IntegrationTests.Support;

/// <summary>The aws CLI (an independent client) against the local ECS, with the fixture's fake credentials.</summary>
internal sealed class AwsCli(Uri endpoint, string accessKey, string secretKey)
{
    public static string? UnavailableReason { get; } = Probe();

    /// <summary>Runs <c>aws --endpoint-url … ecs &lt;args&gt; --output json</c>; the parsed output, or the error text.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json", "ecs" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        return new CliResult(process.ExitCode, text.Trim().Length > 0 ? JsonNode.Parse(text) : null, (await stderr).Trim());
    }

    /// <summary>As <see cref="RunAsync"/>, failing the test when the CLI fails.</summary>
    public async Task<JsonNode> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"aws ecs {string.Join(' ', args.Take(1))} failed ({result.ExitCode}): {result.Error}");
        return result.Output ?? new JsonObject();
    }

    private static string? Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("aws", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(30_000);
            return process.ExitCode == 0 ? null : "the aws CLI does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "the aws CLI is not installed";
        }
    }
}

/// <summary>What one aws CLI call gave: exit code, JSON output (null on error), and stderr.</summary>
internal sealed record CliResult(int ExitCode, JsonNode? Output, string Error);
