using System.Text.Json.Nodes;
using Pipeline.Deploy.Lambda.Ledger;
using Pipeline.Deploy.Lambda.Tests.Support;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>
/// Deploys through <see cref="LambdaPlatformEnvironment"/> against the in-process Lambda fake: what is published, how
/// the alias moves, what its description records, and that every exchange is one the official models allow.
/// </summary>
public sealed class LambdaDeployTests : IAsyncLifetime
{
    private readonly LambdaStage stage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await stage.DisposeAsync();

    [Fact]
    public async Task A_first_deploy_of_a_rehearsal_environment_creates_the_function_publishes_version_1_and_creates_the_alias_with_its_history()
    {
        var settings = stage.Settings(s => s with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole, MemorySize = 512 } });

        var record = await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1', s => s with { Variables = new Dictionary<string, string> { ["FEATURE"] = "on" } }), settings);

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal($"arn:aws:lambda:us-east-1:123456789012:function:{LambdaStage.FunctionName}:1", record.Release.Source);
        var function = stage.Fake.Function!;
        Assert.Equal(LambdaStage.ExecutionRole, function.Role);
        Assert.Equal(512, function.MemorySize);
        Assert.Equal("1.0.0", function.Variables["PIPELINE_VERSION"]);
        Assert.Equal("abc1def", function.Variables["PIPELINE_GIT_SHA"]);
        Assert.Equal("on", function.Variables["FEATURE"]);
        Assert.Equal($"pipeline: 1.0.0 sha256:{new string('1', 64)} commit abc1def", Assert.Single(stage.Fake.Versions).Description);
        Assert.Equal(["1"], stage.Fake.Routes);
        Assert.NotNull(stage.Fake.FunctionUrl);
        var ledger = AliasLedgerState.Parse(stage.Fake.Alias!.Description);
        Assert.Null(ledger.Lock);
        var entry = Assert.Single(ledger.Entries);
        Assert.Equal(("1", DeploymentOutcome.Successful, DeploymentKind.Deploy), (entry.Version, entry.Outcome, entry.Kind));
        Assert.Empty(stage.ModelProblems());
    }

    [Fact]
    public async Task A_linear_shift_moves_the_alias_weights_step_by_step_onto_the_new_version()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 2);

        var record = await stage.DeployAsync(LambdaStage.Spec("1.3.0", '3', s => s with { Shift = TrafficShift.Linear(25, TimeSpan.FromMilliseconds(30)) }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal("1.2.0", record.PreviousVersion);
        Assert.Equal(["2+3@0.25", "2+3@0.5", "2+3@0.75", "3"], stage.Fake.Routes);
        Assert.Equal(["UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion"],
            stage.Fake.Calls.Where(c => c is "UpdateFunctionCode" or "UpdateFunctionConfiguration" or "PublishVersion"));
        Assert.Equal("1.3.0", stage.Fake.Function!.Variables["PIPELINE_VERSION"]);
        Assert.Empty(stage.ModelProblems());
    }

    [Fact]
    public async Task Deploying_what_is_published_already_moves_the_alias_to_the_version_Lambda_answers_again()
    {
        var settings = stage.Settings(s => s with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole } });
        await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);

        var again = await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);

        Assert.Equal(DeploymentOutcome.Successful, again.Outcome);
        Assert.Single(stage.Fake.Versions);
        Assert.Equal("1", stage.Fake.Alias!.FunctionVersion);
        Assert.Equal(2, AliasLedgerState.Parse(stage.Fake.Alias.Description).Entries.Count);
    }

    [Fact]
    public async Task A_readiness_path_is_invoked_on_the_new_version_until_it_answers_2xx()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 1);
        var events = new List<JsonNode>();
        stage.Fake.Handler = (version, evt) =>
        {
            lock (events)
            {
                events.Add(evt);
                return events.Count < 3 ? FakeInvocation.Http(503, "warming up") : FakeInvocation.Http(200, "ready");
            }
        };

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2'), stage.Settings(s => s with { ReadinessPath = "/health/ready" }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal(3, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal("2.0", e["version"]!.GetValue<string>());
            Assert.Equal("/health/ready", e["rawPath"]!.GetValue<string>());
            Assert.Equal("GET", e["requestContext"]!["http"]!["method"]!.GetValue<string>());
        });
        Assert.Equal(["2"], stage.Fake.Routes);
    }

    [Fact]
    public async Task A_version_that_never_answers_its_readiness_path_is_rolled_back_before_any_traffic_moves()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 1);
        stage.Fake.Handler = (_, _) => FakeInvocation.Http(500, "database unreachable");

        var record = await stage.DeployAsync(
            LambdaStage.Spec("1.2.0", '2', s => s with { HealthTimeout = TimeSpan.FromMilliseconds(200) }), stage.Settings(s => s with { ReadinessPath = "/health/ready" }));

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.Contains("version 2 (1.2.0) of orders did not answer /health/ready with 2xx", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Contains("last: 500 database unreachable", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal("1", stage.Fake.Alias!.FunctionVersion);
        Assert.Null(stage.Fake.Alias.Additional);
        Assert.Equal(DeploymentOutcome.RolledBack, AliasLedgerState.Parse(stage.Fake.Alias.Description).Entries[^1].Outcome);
    }

    [Fact]
    public async Task Smoke_tests_run_through_invocations_of_the_new_version_then_of_the_alias()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 1);
        var seen = new List<string>();
        stage.Fake.Handler = (version, evt) =>
        {
            lock (seen)
            {
                seen.Add($"{version} {evt["requestContext"]!["http"]!["method"]} {evt["rawPath"]}?{evt["rawQueryString"]} {evt["body"]}");
            }

            return FakeInvocation.Http(201, """{"id":7}""", "application/json");
        };
        var smoke = new SmokeTests().Http("create order", HttpMethod.Post, "/orders?dry=1", c => c.Body("""{"item":"tea"}""").ExpectStatus(201).JsonValue("$.id", "7"));

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2', s => s with { SmokeTests = smoke }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal(["2 POST /orders?dry=1 {\"item\":\"tea\"}", "2 POST /orders?dry=1 {\"item\":\"tea\"}"], seen);
        Assert.Equal(["test", "production"], record.SmokeTests.Select(r => r.Target));
    }

    [Fact]
    public async Task A_smoke_test_the_new_version_fails_rolls_back_and_a_function_error_reads_as_502()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 1);
        stage.Fake.Handler = (version, _) => version == "2"
            ? new FakeInvocation("""{"errorMessage":"boom","errorType":"Error"}"""u8.ToArray(), "Unhandled")
            : FakeInvocation.Http(200, "ok");
        var smoke = new SmokeTests().Http("home", "/", c => c.Retries(0, TimeSpan.Zero));

        var record = await stage.DeployAsync(LambdaStage.Spec("1.2.0", '2', s => s with { SmokeTests = smoke }));

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.SmokeTestFailed, record.RollbackReason!.Trigger);
        Assert.Contains("502", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal("1", stage.Fake.Alias!.FunctionVersion);
        Assert.DoesNotContain(stage.Fake.Routes, r => r.Contains('2', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_function_that_does_not_exist_is_not_created_for_an_environment_infrastructure_code_owns()
    {
        var record = await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'));

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Contains(
            "Lambda function 'orders' does not exist in us-east-1 (environment 'staging'): create it with your infrastructure code, or declare CreateIfMissing for a rehearsal environment",
            record.RollbackReason!.Message, StringComparison.Ordinal);
        Assert.Null(stage.Fake.Function);
        Assert.DoesNotContain("CreateFunction", stage.Fake.Calls);
    }

    [Theory]
    [InlineData("orders:1.0.0")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders@md5:abc")]
    public async Task An_image_not_given_by_digest_is_refused_before_Lambda_is_called(string image)
    {
        await using var environment = stage.Open();

        var error = await Assert.ThrowsAsync<DeploySettingsException>(() => environment.DeployAsync(LambdaStage.Spec("1.0.0", '1') with { Image = image }, CancellationToken.None));

        Assert.Equal(
            $"Lambda environment 'staging' deploys a pushed image by digest: pass --image <registry>/<repository>@sha256:… (the digest the image job pushed), not '{image}'", error.Message);
        Assert.Empty(stage.Fake.Calls);
    }

    [Fact]
    public void Invalid_settings_are_refused_when_the_environment_opens()
    {
        var error = Assert.Throws<DeploySettingsException>(() => stage.Open(stage.Settings(s => s with { Alias = "7" })));

        Assert.Equal("Lambda environment 'staging': the alias '7' must be a name (not a version number or $LATEST)", error.Message);
    }
}
