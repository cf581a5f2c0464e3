using System.Text.Json.Nodes;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.TaskDefinitions;
using Pipeline.Deploy.Environments;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests.Support;

/// <summary>
/// One test's cluster and blue/green service on the local ECS, running v1 of the web task behind its own loopback
/// production and test listeners, and the ECS environment Pipeline deploys to it through.
/// </summary>
internal sealed class Scenario(EcsLocalFixture ecs, ITestOutputHelper output, string name)
{
    public const string TaskDefinitionFile = "Support/web.task-definition.json";

    /// <summary>
    /// A forking Perl HTTP server on 8080: BODY on every path, with STATUS on paths under /app (200 elsewhere, for the
    /// health check), and 500 instead for FAIL_PERCENT % of the requests under /app, at random.
    /// </summary>
    public const string Server = """
        use IO::Socket::INET; $SIG{CHLD}='IGNORE'; $SIG{TERM}=sub{exit 0};
        my $s=IO::Socket::INET->new(LocalPort=>8080,Listen=>1024,ReuseAddr=>1) or die "listen: $!";
        while(1){ my $c=$s->accept or next; my $p=fork(); if(defined $p && $p==0){ my $l=<$c>; while(my $h=<$c>){ last if $h=~/^\r?\n$/ }
          my ($path)=(($l||'')=~/^\S+\s+(\S+)/); my $app=(($path||'')=~m{^/app}); my $st=($app ? ($ENV{STATUS}||200) : 200); $st=500 if $app && rand(100) < ($ENV{FAIL_PERCENT}||0); my $b=($ENV{BODY}||"ok")."\n";
          print $c "HTTP/1.1 $st X\r\nContent-Type: text/plain\r\nContent-Length: ".length($b)."\r\nConnection: close\r\n\r\n$b"; close $c; exit 0 } close $c }
        """;

    private const string Healthy = "exec 3<>/dev/tcp/127.0.0.1/8080";

    private readonly (int Production, int Test) ports = LoopbackPorts.FreePair();

    public string Cluster { get; } = $"ecs-platform-{name}-{Guid.NewGuid().ToString("N")[..6]}";

    public string Service => "web";

    public Uri ProductionUrl => new($"http://127.0.0.1:{ports.Production}/");

    public Uri TestUrl => new($"http://127.0.0.1:{ports.Test}/");

    /// <summary>
    /// Creates the cluster and the service on v1 (<paramref name="desired"/> tasks) and waits until production answers v1:
    /// a blue/green service, or with <paramref name="rolling"/> a ROLLING one behind a plain target group (its ARN ends
    /// with the production port, the local ECS's convention), as infrastructure code sets up a rolling service.
    /// </summary>
    public async Task StartAsync(bool rolling = false, int desired = 1)
    {
        using var client = ecs.Client();
        await client.CreateClusterAsync(new CreateClusterRequest { ClusterName = Cluster }, CancellationToken.None);
        var registered = await client.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromJson(TaskDefinition("v1")), CancellationToken.None);
        var created = await client.CreateServiceAsync(new CreateServiceRequest
        {
            Cluster = Cluster,
            ServiceName = Service,
            TaskDefinition = registered.TaskDefinition!.TaskDefinitionArn,
            DesiredCount = desired,
            LaunchType = "FARGATE",
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-local"] } },
            DeploymentConfiguration = rolling
                ? new DeploymentConfiguration { Strategy = EcsValues.Strategy.Rolling }
                : new DeploymentConfiguration { Strategy = EcsValues.Strategy.BlueGreen, BakeTimeInMinutes = 0 },
            LoadBalancers = rolling
                ? [new LoadBalancer { TargetGroupArn = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/{ports.Production}", ContainerName = "app", ContainerPort = 8080 }]
                : [
                new LoadBalancer
                {
                    TargetGroupArn = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/blue-{ports.Production}/1",
                    ContainerName = "app",
                    ContainerPort = 8080,
                    AdvancedConfiguration = new AdvancedConfiguration
                    {
                        AlternateTargetGroupArn = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/green-{ports.Production}/2",
                        ProductionListenerRule = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/prod/{ports.Production}",
                        TestListenerRule = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/test/{ports.Test}",
                        RoleArn = "arn:aws:iam::000000000000:role/ecsInfrastructureRole",
                    },
                },
            ],
        }, CancellationToken.None);
        var deployment = created.Service!.CurrentServiceDeployment!;
        await Poll.UntilAsync(
            async ct => (await client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [deployment] }, ct)).ServiceDeployments[0],
            d => d.Status == EcsValues.DeploymentStatus.Successful,
            new PollSchedule(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(90)),
            "the first deployment of the service",
            CancellationToken.None,
            d => $"{d.Status} {d.LifecycleStage} {d.StatusReason}");
        Assert.Equal("v1", await GetAsync(ProductionUrl, "/app"));
    }

    /// <summary>
    /// The environment's settings for a release answering <paramref name="body"/> (status, health and share of failures as
    /// given); CloudWatch and CloudWatch Logs are the local ECS's, as in a rehearsal.
    /// </summary>
    public EcsPlatformSettings Settings(string body, int status = 200, bool healthy = true, int failPercent = 0) => new()
    {
        Cluster = Cluster,
        Service = Service,
        Region = "us-east-1",
        Role = "arn:aws:iam::000000000000:role/deploy",
        Container = "app",
        TaskDefinitionFile = TaskDefinitionFile,
        Variables = Variables(body, status, healthy, failPercent),
        TestUrl = TestUrl,
        ProductionUrl = ProductionUrl,
        Endpoint = ecs.Endpoint,
        CloudWatchEndpoint = ecs.Endpoint,
        LogsEndpoint = ecs.Endpoint,
        Credentials = ecs.Credentials,
        GateTimeout = TimeSpan.FromMinutes(6),
        PollInterval = TimeSpan.FromMilliseconds(250),
        MaxPollInterval = TimeSpan.FromMilliseconds(500),
        MigrationsTimeout = TimeSpan.FromMinutes(2),
        AllowDown = true,
    };

    /// <summary>The task definition Pipeline registers for a release answering <paramref name="body"/>: the pushed image by digest.</summary>
    public JsonObject TaskDefinition(string body) =>
        TaskDefinitionRenderer.FromFile(Path.Combine(AppContext.BaseDirectory, TaskDefinitionFile), Variables(body), "app", ecs.Image).Definition;

    public IPlatformEnvironment Open(EcsPlatformSettings settings) => settings.Open(new EnvironmentContext
    {
        Name = "rehearsal",
        RootDirectory = AppContext.BaseDirectory,
        LoggerFactory = new XunitLoggerFactory(output),
    });

    public DeploySpec Spec(string version, TrafficShift? shift = null, Smoke.SmokeTests? smoke = null, TimeSpan? bake = null) => new()
    {
        Version = version,
        Image = ecs.Image,
        Shift = shift ?? TrafficShift.AllAtOnce,
        Bake = new BakeSettings { Duration = bake ?? TimeSpan.Zero },
        SmokeTests = smoke ?? new Smoke.SmokeTests().Http("app", "/app", c => c.ExpectStatus(200)),
        Initiator = "tests",
    };

    /// <summary>The task definitions' service ARN history: what ECS lists for the service.</summary>
    public async Task<IReadOnlyList<ServiceDeploymentBrief>> DeploymentsAsync()
    {
        using var client = ecs.Client();
        var listed = await client.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Cluster = Cluster, Service = Service }, CancellationToken.None);
        return listed.ServiceDeployments;
    }

    public async Task DeleteAsync()
    {
        using var client = ecs.Client();
        await client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = Cluster, Service = Service, DesiredCount = 0 }, CancellationToken.None);
    }

    /// <summary>The trimmed body at <paramref name="path"/>, or "HTTP n".</summary>
    public static async Task<string> GetAsync(Uri baseUrl, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(new Uri(baseUrl, path));
        return (int)response.StatusCode == 200 ? (await response.Content.ReadAsStringAsync()).Trim() : $"HTTP {(int)response.StatusCode}";
    }

    private Dictionary<string, string> Variables(string body, int status = 200, bool healthy = true, int failPercent = 0) => new()
    {
        ["failPercent"] = failPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["family"] = Cluster,
        ["server"] = Server,
        ["body"] = body,
        ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["health"] = healthy ? Healthy : "exit 1",
    };
}
