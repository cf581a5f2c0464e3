using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Deploy.Environments;
using Pipeline.Lambda.Local.IntegrationTests.Conformance;

namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>
/// An environment on the in-process fake: short polls, a 3 s lease, bakes in milliseconds, and at the end every
/// exchange checked against the official Lambda and CloudWatch models.
/// </summary>
internal sealed class LambdaStage : IAsyncDisposable
{
    public const string FunctionName = "orders";
    public const string ExecutionRole = "arn:aws:iam::123456789012:role/orders-run";

    public LambdaApiFake Fake { get; } = new();

    public LambdaPlatformSettings Settings(Func<LambdaPlatformSettings, LambdaPlatformSettings>? change = null)
    {
        var settings = new LambdaPlatformSettings
        {
            FunctionName = FunctionName,
            Region = LambdaApiFake.Region,
            Endpoint = Fake.Endpoint,
            Credentials = new BasicAWSCredentials("AKIDLAMBDAFAKE", "fake-secret"),
            PollInterval = TimeSpan.FromMilliseconds(10),
            MetricsPeriod = TimeSpan.FromSeconds(1),
            LockLease = TimeSpan.FromSeconds(3),
            LockTimeout = TimeSpan.Zero,
        };
        return change is null ? settings : change(settings);
    }

    public LambdaPlatformEnvironment Open(LambdaPlatformSettings? settings = null, string name = "staging") =>
        new(new EnvironmentContext { Name = name, RootDirectory = Path.GetTempPath(), LoggerFactory = NullLoggerFactory.Instance }, settings ?? Settings());

    /// <summary>A deploy of version <paramref name="label"/> from an image digest made of <paramref name="digit"/>.</summary>
    public static DeploySpec Spec(string label, char digit, Func<DeploySpec, DeploySpec>? change = null)
    {
        var spec = new DeploySpec
        {
            Version = label,
            GitSha = $"abc{digit}def",
            Image = $"{LambdaApiFake.Account}.dkr.ecr.{LambdaApiFake.Region}.amazonaws.com/{FunctionName}@sha256:{new string(digit, 64)}",
            Bake = new BakeSettings { Duration = TimeSpan.Zero, PollInterval = TimeSpan.FromMilliseconds(20), MinimumRequests = 5 },
            HealthTimeout = TimeSpan.FromSeconds(5),
        };
        return change is null ? spec : change(spec);
    }

    /// <summary>Deploys with a fresh environment object, as a separate run of the build would.</summary>
    public async Task<DeploymentRecord> DeployAsync(DeploySpec spec, LambdaPlatformSettings? settings = null)
    {
        await using var environment = Open(settings);
        return await environment.DeployAsync(spec, CancellationToken.None);
    }

    /// <summary>The problems the models find in what the platform sent and the fake answered.</summary>
    public IReadOnlyList<string> ModelProblems() =>
        [.. Fake.Exchanges.SelectMany(e => ExchangeConformance.CheckOne(System.Text.Json.JsonSerializer.SerializeToElement(e)).Select(p => $"{e["operation"]}: {p}"))];

    public ValueTask DisposeAsync()
    {
        Fake.Dispose();
        return ValueTask.CompletedTask;
    }
}
