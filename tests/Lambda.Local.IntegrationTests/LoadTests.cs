using System.Diagnostics;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>Invocations per second through a function URL on a weighted alias, measured with hey: every request answered 200.</summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class LoadTests(LocalLambdaFixture lambda, ITestOutputHelper log)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Hey_through_a_weighted_alias_url_gets_only_200s_and_reports_invocations_per_second()
    {
        Assert.True(HeyReport.UnavailableReason is null, HeyReport.UnavailableReason);
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
        log.WriteLine($"hey {string.Join(' ', arguments)}: {report.RequestsPerSecond:0} invocations/s through the alias's function URL ({report.Count(200)} of {report.Total} answered 200)");
        Assert.True(report.Count(200) == report.Total && report.Total > 0 && !report.HasErrors, report.Text);
        Assert.True(report.RequestsPerSecond >= 50, $"only {report.RequestsPerSecond:0} invocations/s:\n{report.Text}");
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    private static async Task<HeyReport> HeyAsync(params string[] args)
    {
        using var hey = Process.Start(new ProcessStartInfo("hey", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await hey.StandardOutput.ReadToEndAsync();
        await hey.WaitForExitAsync();
        Assert.True(hey.ExitCode == 0, output);
        return HeyReport.Parse(output);
    }
}
