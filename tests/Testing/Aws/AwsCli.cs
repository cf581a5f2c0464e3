using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pipeline.Testing.Aws;

/// <summary>
/// The aws CLI (botocore), an independent client, against one endpoint with the given fake credentials and nothing from
/// the user's AWS configuration.
/// </summary>
public sealed class AwsCli(Uri endpoint, string region, string accessKey, string secretKey)
{
    /// <summary>A service name put before every call's arguments (<c>ecs</c>), or none when the calls name it.</summary>
    public string? Service { get; init; }

    /// <summary>AWS_MAX_ATTEMPTS for the CLI (1: an error shows at once instead of after botocore's retries).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Runs <c>aws --endpoint-url … --output json [service] &lt;args&gt;</c>; the parsed output, or the error text.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var service = Service is null ? [] : new[] { Service };
        foreach (var arg in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json" }.Concat(service).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretKey;
        start.Environment["AWS_DEFAULT_REGION"] = region;
        start.Environment["AWS_REGION"] = region;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        if (MaxAttempts is { } attempts)
        {
            start.Environment["AWS_MAX_ATTEMPTS"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

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
        Assert.True(result.ExitCode == 0, $"aws {Service} {string.Join(' ', args.Take(Service is null ? 2 : 1))} failed ({result.ExitCode}): {result.Error}");
        return result.Output ?? new JsonObject();
    }
}

/// <summary>What one aws CLI call gave: exit code, JSON output (null on error), and stderr.</summary>
public sealed record CliResult(int ExitCode, JsonNode? Output, string Error);
