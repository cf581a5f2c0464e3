using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>Invocations per second through a function URL on a weighted alias, measured with hey: every request answered 200.</summary>
[Collection(LocalLambdaCollection.Name)]
public sealed partial class LoadTests(LocalLambdaFixture lambda, ITestOutputHelper log)
{
    [DockerFact]
    public async Task Hey_through_a_weighted_alias_url_gets_only_200s_and_reports_invocations_per_second()
    {
        Assert.True(File.Exists("/usr/bin/hey") || Which("hey") is not null, "hey is not installed (apt-get install hey)");
        var name = lambda.Name("load");
        var cli = lambda.Cli;
        await lambda.CreateFunctionAsync(name, lambda.ImageV1);
        await lambda.PublishAsync(name, "v1");
        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RESPONSE_BODY"] = "v2" });
        await lambda.PublishAsync(name, "v2");
        await cli.OkAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1", "--routing-config", """{"AdditionalVersionWeights":{"2":0.5}}""");
        var url = (await cli.OkAsync("lambda", "create-function-url-config", "--function-name", name, "--qualifier", "live", "--auth-type", "NONE"))["FunctionUrl"]!.GetValue<string>();

        // warm both versions' environments, then measure
        await HeyAsync("-n", "400", "-c", "8", url);
        var arguments = new[] { "-z", "10s", "-c", "16", url };
        var report = await HeyAsync(arguments);
        var ok = StatusLine().Matches(report).Where(m => m.Groups[1].Value == "200").Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var all = StatusLine().Matches(report).Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var rate = double.Parse(RatePattern().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        log.WriteLine($"hey {string.Join(' ', arguments)}: {rate:0} invocations/s through the alias's function URL ({ok} of {all} answered 200)");
        Assert.True(ok == all && all > 0, report);
        Assert.DoesNotContain("Error distribution", report, StringComparison.Ordinal);
        Assert.True(rate >= 50, $"only {rate:0} invocations/s:\n{report}");
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    private static async Task<string> HeyAsync(params string[] args)
    {
        using var hey = Process.Start(new ProcessStartInfo("hey", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await hey.StandardOutput.ReadToEndAsync();
        await hey.WaitForExitAsync();
        Assert.True(hey.ExitCode == 0, output);
        return output;
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"\[(\d{3})\]\s+(\d+) responses")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RatePattern();
}
