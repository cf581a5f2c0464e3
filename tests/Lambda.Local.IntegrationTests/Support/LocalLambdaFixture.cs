using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Conformance;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests.Support;

/// <summary>
/// One local Lambda for the whole suite (in this process, on a free loopback port, CloudWatch minutes scaled to seconds,
/// updates lasting a second), the exchange log it writes, two function images, and the aws CLI pointed at it.
/// Each test uses functions of its own.
/// </summary>
public sealed class LocalLambdaFixture : IAsyncLifetime
{
    public const string AccessKey = "AKIDLAMBDALOCALTESTS";
    public const string Role = "arn:aws:iam::000000000000:role/lambda-local-tests";

    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private int checkedLines;

    public string SecretKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"lambda-local-it-{Guid.NewGuid():N}");

    public string ExchangeLog => Path.Combine(StateDirectory, "exchanges.jsonl");

    /// <summary>
    /// The loopback port of a function URL (<c>function:alias</c>), read when the URL is created: a test that needs its
    /// URL on a port it chose (a deploy platform's production URL) adds it here before the URL exists.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> FunctionUrlPorts { get; } = new(StringComparer.Ordinal);

    internal LambdaLocalServer Server { get; private set; } = null!;

    public Uri Endpoint => Server.Endpoint;

    internal AwsCli Cli { get; private set; } = null!;

    /// <summary>The function image with APP_VERSION 1, and one with APP_VERSION 2 (another digest).</summary>
    public string ImageV1 { get; private set; } = "";

    public string ImageV2 { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Its tests skip (or fail, under the PIPELINE_REQUIRE_* switches) without these: nothing to start then.
        if (Availability.Skips(Requirement.Docker) || Availability.Skips(Requirement.AwsCli))
        {
            return;
        }

        ImageV1 = await FunctionImages.BuildAsync($"lambda-local-it:{run}-v1", "1");
        ImageV2 = await FunctionImages.BuildAsync($"lambda-local-it:{run}-v2", "2");
        Directory.CreateDirectory(StateDirectory);
        Server = await LambdaLocalServer.StartAsync(Options(StateDirectory, ExchangeLog));
        Cli = CliFor(Endpoint);
    }

    public async Task DisposeAsync()
    {
        if (Server is null)
        {
            return;
        }

        await Server.DownAsync();
        await FunctionImages.RemoveAsync(ImageV1, ImageV2);
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by an exiting listener: /tmp is cleaned anyway
        }
    }

    /// <summary>The options the suite's server runs with; other servers in tests take the same.</summary>
    internal LambdaLocalOptions Options(string stateDirectory, string? exchangeLog) => new()
    {
        StateDirectory = stateDirectory,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SecondsPerMinute = 1,
        UpdateDuration = TimeSpan.FromSeconds(1),
        MaxEnvironments = 4,
        ExchangeLog = exchangeLog,
        FunctionUrlPorts = FunctionUrlPorts,
    };

    /// <summary>The aws CLI with this suite's credentials against <paramref name="endpoint"/>; calls name the service (lambda, cloudwatch).</summary>
    internal AwsCli CliFor(Uri endpoint) => new(endpoint, "us-east-1", AccessKey, SecretKey) { MaxAttempts = 1 };

    /// <summary>A function name of this run.</summary>
    public string Name(string prefix) => $"{prefix}-{run}";

    /// <summary>Creates a function from <paramref name="image"/> with the CLI and waits (CLI waiter) until it is Active.</summary>
    internal async Task<JsonNode> CreateFunctionAsync(string name, string image, IReadOnlyDictionary<string, string>? environment = null, int timeout = 3, AwsCli? cli = null)
    {
        cli ??= Cli;
        var created = await cli.OkAsync(
            "lambda", "create-function", "--function-name", name, "--package-type", "Image", "--code", $"ImageUri={image}", "--role", Role,
            "--timeout", timeout.ToString(CultureInfo.InvariantCulture), "--environment", EnvironmentJson(environment));
        await cli.OkAsync("lambda", "wait", "function-active-v2", "--function-name", name);
        return created;
    }

    /// <summary>Replaces the function's environment variables and waits (CLI waiter) until the update is Successful.</summary>
    internal async Task UpdateEnvironmentAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        await Cli.OkAsync("lambda", "update-function-configuration", "--function-name", name, "--environment", EnvironmentJson(environment));
        await Cli.OkAsync("lambda", "wait", "function-updated-v2", "--function-name", name);
    }

    internal async Task<string> PublishAsync(string name, string description) =>
        (await Cli.OkAsync("lambda", "publish-version", "--function-name", name, "--description", description))["Version"]!.GetValue<string>();

    /// <summary>Invokes <paramref name="count"/> times through botocore (the CLI's library) with <paramref name="workers"/> threads: what ran.</summary>
    internal async Task<BulkInvocations> InvokeManyAsync(string name, string qualifier, int count, int workers = 8)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Support", "invoke_many.py"), Endpoint.ToString().TrimEnd('/'), AccessKey, SecretKey, name, qualifier,
            count.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"invoke_many.py failed: {await error}");
        return JsonSerializer.Deserialize<BulkInvocations>(await output, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    /// <summary>Checks every exchange logged since the last check against the official Lambda and CloudWatch models.</summary>
    public void AssertExchangesConform()
    {
        var problems = ExchangeConformance.Check(ExchangeLog, ref checkedLines);
        Assert.True(problems.Count == 0, "exchanges not valid against the official models:\n" + string.Join("\n", problems.Take(30)));
    }

    private static string EnvironmentJson(IReadOnlyDictionary<string, string>? environment) =>
        new JsonObject { ["Variables"] = new JsonObject((environment ?? new Dictionary<string, string>()).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))) }.ToJsonString();
}

/// <summary>What a bulk invocation ran: invocations per executed version, function errors per version, status codes.</summary>
internal sealed record BulkInvocations(Dictionary<string, int> Versions, Dictionary<string, int> FunctionErrors, Dictionary<string, int> StatusCodes)
{
    public int Of(string version) => Versions.GetValueOrDefault(version);
}

/// <summary>All local Lambda tests share one server and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LocalLambdaCollection : ICollectionFixture<LocalLambdaFixture>
{
    public const string Name = "local Lambda";
}
