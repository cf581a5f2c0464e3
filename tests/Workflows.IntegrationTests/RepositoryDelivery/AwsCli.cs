using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pipeline.Workflows.IntegrationTests.RepositoryDelivery;

/// <summary>The aws CLI, an independent client, against one endpoint with given credentials (what infrastructure code would run).</summary>
public sealed class AwsCli(Uri endpoint, string region, string accessKey, string secretKey)
{
    public static string? UnavailableReason { get; } = Probe();

    /// <summary>Runs <c>aws --endpoint-url … &lt;args&gt; --output json</c>; fails the test when the CLI fails.</summary>
    public async Task<JsonNode> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretKey;
        start.Environment["AWS_DEFAULT_REGION"] = region;
        start.Environment["AWS_REGION"] = region;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        Assert.True(process.ExitCode == 0, $"aws {string.Join(' ', args.Take(2))} failed ({process.ExitCode}): {(await stderr).Trim()}");
        return text.Trim().Length > 0 ? JsonNode.Parse(text)! : new JsonObject();
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
            return "the aws CLI is not installed (pip install awscli)";
        }
    }
}
