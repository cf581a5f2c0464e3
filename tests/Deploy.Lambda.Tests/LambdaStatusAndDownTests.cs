using Pipeline.Deploy.Lambda.Ledger;
using Pipeline.Deploy.Lambda.Tests.Support;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>Status and Down read and change Lambda alone: the alias's weights and description, the versions' descriptions.</summary>
public sealed class LambdaStatusAndDownTests : IAsyncLifetime
{
    private readonly LambdaStage stage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await stage.DisposeAsync();

    [Fact]
    public async Task Status_shows_where_the_alias_sends_production_the_versions_and_the_last_deployments()
    {
        var settings = stage.Settings(s => s with
        {
            CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole },
            ProductionUrl = new Uri("https://orders.example.com/"),
        });
        await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);
        await stage.DeployAsync(LambdaStage.Spec("1.1.0", '2'), settings);

        await using var environment = stage.Open(settings);
        var status = await environment.StatusAsync(5, CancellationToken.None);

        var one = new string('1', 64);
        var two = new string('2', 64);
        Assert.Equal(
            $"""
            staging: Lambda function orders (us-east-1), alias live
              version 2 (1.1.0, sha256:{two}, commit abc2def), weight 100 %
              production https://orders.example.com/
            versions (newest first):
              2     pipeline: 1.1.0 sha256:{two} commit abc2def
              1     pipeline: 1.0.0 sha256:{one} commit abc1def
            last 2 deployments:

            """.Replace("\r", "", StringComparison.Ordinal),
            string.Join('\n', status.Split('\n').Where(l => !l.Contains(" Deploy 1.", StringComparison.Ordinal))));
        Assert.Matches(@"\n  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ Deploy 1\.1\.0 \(version 2\): Successful\n  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ Deploy 1\.0\.0 \(version 1\): Successful\n$", status);
    }

    [Fact]
    public async Task Status_of_a_split_held_by_a_dead_deploy_says_what_the_next_deploy_does_about_it()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 3);
        stage.Fake.Alias!.FunctionVersion = "2";
        stage.Fake.Alias.Additional = ("3", 0.25);
        stage.Fake.Alias.Description = new AliasLedgerState(new AliasLock("deploy_1.3.0", 4242, "ci-runner-7", DateTimeOffset.UtcNow.AddMinutes(-5), "0badf0"), []).Format();
        stage.Fake.Versions.Add(stage.Fake.Function!.Publish("4", "published by hand"));

        await using var environment = stage.Open();
        var status = await environment.StatusAsync(2, CancellationToken.None);

        Assert.Contains("  version 2 (1.2.0, sha256:", status, StringComparison.Ordinal);
        Assert.Contains("), weight 75 %\n  version 3 (1.3.0, sha256:", status, StringComparison.Ordinal);
        Assert.Contains("), weight 25 %\n", status, StringComparison.Ordinal);
        Assert.Contains(
            "  in progress: 'deploy 1.3.0' (pid 4242 on ci-runner-7), heartbeat 300 s ago: dead — the deploy that ran it (pid 4242 on ci-runner-7) is gone; the next Deploy or Rollback puts all production back on version 2 and takes the 25 % off version 3\n",
            status.Replace("heartbeat 301 s", "heartbeat 300 s", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("versions (newest first):\n  4     (not published by Pipeline)\n  3     pipeline: 1.3.0", status, StringComparison.Ordinal);
        Assert.EndsWith("last 0 deployments:\n", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_active_release_is_the_alias_primary_version_as_its_description_names_it()
    {
        var settings = stage.Settings(s => s with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole } });
        await using (var before = stage.Open(settings))
        {
            Assert.Null(await before.ActiveReleaseAsync(CancellationToken.None)); // no function, no alias yet
        }

        await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);
        await stage.DeployAsync(LambdaStage.Spec("1.1.0", '2'), settings);

        await using var environment = stage.Open(settings);
        var active = await environment.ActiveReleaseAsync(CancellationToken.None);

        Assert.NotNull(active);
        Assert.Equal(("1.1.0", "abc2def", "sha256:" + new string('2', 64)), (active.Version, active.GitSha, active.Digest));
    }

    [Fact]
    public async Task Status_of_a_function_without_versions_says_nothing_is_deployed()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 0);

        await using var environment = stage.Open();
        var status = await environment.StatusAsync(5, CancellationToken.None);

        Assert.Contains("  nothing deployed: the function has no published version\n", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_deletes_a_function_the_environment_created_and_says_when_there_is_none()
    {
        var settings = stage.Settings(s => s with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole } });
        await stage.DeployAsync(LambdaStage.Spec("1.0.0", '1'), settings);

        await using var environment = stage.Open(settings);
        var first = await environment.DownAsync(CancellationToken.None);
        var second = await environment.DownAsync(CancellationToken.None);

        Assert.Equal(["function orders (its versions, alias live and function URL): deleted"], first);
        Assert.Equal(["function orders: does not exist"], second);
        Assert.Null(stage.Fake.Function);
    }

    [Fact]
    public async Task Down_keeps_a_function_infrastructure_code_owns_and_only_clears_a_split()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 3);
        stage.Fake.Alias!.FunctionVersion = "2";
        stage.Fake.Alias.Additional = ("3", 0.5);

        await using var environment = stage.Open();
        var stopped = await environment.DownAsync(CancellationToken.None);

        Assert.Equal(
            ["alias live: the 50 % on version 3 cleared, all traffic on version 2", "function orders: kept (it belongs to your infrastructure code; Down deletes only functions declared with CreateIfMissing)"],
            stopped);
        Assert.NotNull(stage.Fake.Function);
        Assert.Null(stage.Fake.Alias.Additional);
    }

    [Fact]
    public async Task A_denied_call_names_the_role_and_the_IAM_action_to_allow()
    {
        stage.Fake.Fail("DeleteFunction", 403, "AccessDeniedException", "User is not authorized to perform: lambda:DeleteFunction");
        var settings = stage.Settings(s => s with
        {
            CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = LambdaStage.ExecutionRole },
            Role = "arn:aws:iam::123456789012:role/deployer",
        });

        await using var environment = stage.Open(settings);
        var error = await Assert.ThrowsAsync<DeployException>(() => environment.DownAsync(CancellationToken.None));

        Assert.Equal(
            "Lambda DeleteFunction was denied to role arn:aws:iam::123456789012:role/deployer (environment 'staging'): allow lambda:DeleteFunction on function orders (User is not authorized to perform: lambda:DeleteFunction)",
            error.Message);
    }
}
