using System.Globalization;
using Pipeline.Aws;
using Pipeline.Aws.Lambda;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing.Deploy.Contract;

namespace Pipeline.Deploy.Lambda.IntegrationTests.Support;

/// <summary>
/// The sample function on the local Lambda: one function per environment (named after it, created by the first deploy),
/// alias <c>live</c> with its function URL on the environment's public port, the new version's metrics read with a
/// CloudWatch minute lasting a second. What "runs" is what the alias routes production to.
/// </summary>
internal sealed class LambdaUnderTest(LambdaPlatformFixture fixture) : IPlatformUnderTest
{
    public IReadOnlyList<string> DriverArtefacts => ["--image", fixture.Image];

    public IReadOnlyDictionary<string, string> DriverEnvironment => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = LocalLambdaFixture.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = fixture.Lambda.SecretKey,
        ["AWS_REGION"] = "us-east-1",
    };

    public TimeSpan HealthTimeout => TimeSpan.FromSeconds(30);

    /// <summary>Alarms the next environments watch (a test declares them before it creates its environment).</summary>
    public IReadOnlyList<string> Alarms { get; set; } = [];

    public PlatformSettings Settings(int publicPort, int testPort) => Settings("lp" + Guid.NewGuid().ToString("N")[..8], publicPort, testPort);

    public PlatformSettings Settings(string environment, int publicPort, int testPort)
    {
        fixture.Lambda.FunctionUrlPorts[$"{environment}:live"] = publicPort;
        return new LambdaPlatformSettings
        {
            FunctionName = environment,
            Region = "us-east-1",
            Endpoint = fixture.Lambda.Endpoint,
            Credentials = fixture.Credentials,
            ProductionUrl = new Uri($"http://127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}/"),
            ReadinessPath = "/health/ready",
            Alarms = Alarms,
            MetricsPeriod = TimeSpan.FromMinutes(1),
            PollInterval = TimeSpan.FromMilliseconds(200),
            LockLease = TimeSpan.FromSeconds(10),
            LockTimeout = TimeSpan.FromSeconds(5),
            CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LocalLambdaFixture.Role, Timeout = 10 },
        };
    }

    public DeploySpec Spec(string version, string root, string environment) => new()
    {
        Version = version,
        GitSha = "abc1234",
        Image = fixture.Image,
        Initiator = "contract tests",
        SmokeTests = new SmokeTests().Http("ready", "/health/ready").Http("version", "/version", c => c.JsonValue("version", version)),
    };

    /// <summary>The versions the alias sends production to, with their weights; nothing once the function is gone.</summary>
    public async Task<IReadOnlyList<string>> RunningAsync(string root, string environment)
    {
        var alias = await AliasAsync(environment);
        if (alias is null)
        {
            return [];
        }

        var weights = alias.RoutingConfig?.AdditionalVersionWeights ?? new Dictionary<string, double>();
        return [$"version {alias.FunctionVersion}", .. weights.Select(w => $"version {w.Key} ({w.Value:P0})")];
    }

    public async Task<bool> MidShiftAsync(ContractEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var weights = (await AliasAsync(env.Name))?.RoutingConfig?.AdditionalVersionWeights;
        return weights is { Count: 1 } && weights.First().Value is >= 0.2 and < 1;
    }

    /// <summary>Lambda keeps serving the split the dead deploy left; Status, read from the alias, names the dead deploy and what comes next.</summary>
    public async Task AfterKillAsync(ContractEnvironment env, int driverPid)
    {
        ArgumentNullException.ThrowIfNull(env);
        Assert.Equal(2, (await RunningAsync(env.Root, env.Name)).Count);
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        env.Output.WriteLine(status);
        Assert.Contains("in progress: 'deploy 2.0.0'", status, StringComparison.Ordinal);
        Assert.Contains($": dead — the deploy that ran it (pid {driverPid} on ", status, StringComparison.Ordinal);
        Assert.Contains("the next Deploy or Rollback puts all production back on version", status, StringComparison.Ordinal);
        Assert.Contains("Deploy 2.0.0 (version", status, StringComparison.Ordinal);
    }

    /// <summary>The re-run cleared the split the dead deploy left; the alias's history calls that deploy Interrupted.</summary>
    public async Task AfterRerunAsync(ContractEnvironment env, DeploymentRecord rerun)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(rerun);
        Assert.Contains("a stopped deploy left", rerun.Stages[0].Message, StringComparison.Ordinal);
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        env.Output.WriteLine(status);
        Assert.Contains("Deploy 2.0.0", status, StringComparison.Ordinal);
        Assert.Contains(": Interrupted", status, StringComparison.Ordinal);
        Assert.DoesNotContain("in progress:", status, StringComparison.Ordinal);
    }

    private async Task<AliasConfiguration?> AliasAsync(string function)
    {
        using var client = fixture.Client();
        try
        {
            return await client.GetAliasAsync(new GetAliasRequest { FunctionName = function, Name = "live" }, CancellationToken.None);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }
    }
}
