using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Aws;

namespace Pipeline.Testing.Workflows.Delivery;

/// <summary>
/// What this repository's infrastructure code would create for one environment, done with the aws CLI on the local
/// ECS: the cluster and service build/Build.cs names (<c>pipeline-&lt;env&gt;</c>, <c>sample</c>), set up for blue/green
/// behind a production and a test listener (loopback ports here), running a placeholder task definition whose
/// container <c>sample</c> has the environment's database settings. Pipeline renders each release from it.
/// </summary>
public sealed class EcsServiceSetup
{
    public const string Service = "sample";

    private EcsServiceSetup(string environment, int productionPort, int testPort)
    {
        Environment = environment;
        ProductionUrl = new Uri($"http://127.0.0.1:{productionPort.ToString(CultureInfo.InvariantCulture)}/");
        TestUrl = new Uri($"http://127.0.0.1:{testPort.ToString(CultureInfo.InvariantCulture)}/");
    }

    public string Environment { get; }

    public string Cluster => $"pipeline-{Environment}";

    public Uri ProductionUrl { get; }

    public Uri TestUrl { get; }

    public static async Task<EcsServiceSetup> CreateAsync(DeliveryStandIns standIns, string environment)
    {
        var (production, test) = LoopbackPorts.FreePair();
        var setup = new EcsServiceSetup(environment, production, test);
        var connectionString = await standIns.CreateDatabaseAsync(environment);
        var cli = standIns.EcsCli;
        await cli.OkAsync("ecs", "create-cluster", "--cluster-name", setup.Cluster);
        var registered = await cli.OkAsync("ecs", "register-task-definition", "--cli-input-json", new JsonObject
        {
            ["family"] = $"sample-{environment}",
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = "sample",
                ["image"] = standIns.PlaceholderImage,
                ["essential"] = true,
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp" }),
                ["environment"] = new JsonArray(
                    new JsonObject { ["name"] = "Database__Provider", ["value"] = "postgres" },
                    new JsonObject { ["name"] = "ConnectionStrings__Default", ["value"] = connectionString }),
            }),
        }.ToJsonString());
        var arn = "arn:aws:elasticloadbalancing:eu-west-1:000000000000";
        var created = await cli.OkAsync("ecs", "create-service", "--cli-input-json", new JsonObject
        {
            ["cluster"] = setup.Cluster,
            ["serviceName"] = Service,
            ["taskDefinition"] = registered["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>(),
            ["desiredCount"] = 1,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = new JsonObject { ["awsvpcConfiguration"] = new JsonObject { ["subnets"] = new JsonArray("subnet-local") } },
            ["deploymentConfiguration"] = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 },
            ["loadBalancers"] = new JsonArray(new JsonObject
            {
                ["targetGroupArn"] = $"{arn}:targetgroup/sample-{environment}-blue/1",
                ["containerName"] = "sample",
                ["containerPort"] = 8080,
                ["advancedConfiguration"] = new JsonObject
                {
                    ["alternateTargetGroupArn"] = $"{arn}:targetgroup/sample-{environment}-green/2",
                    ["productionListenerRule"] = $"{arn}:listener-rule/app/sample-{environment}/prod/{production}",
                    ["testListenerRule"] = $"{arn}:listener-rule/app/sample-{environment}/test/{test}",
                    ["roleArn"] = "arn:aws:iam::000000000000:role/ecsInfrastructureRole",
                },
            }),
        }.ToJsonString());
        var deployment = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
        await setup.WaitForAsync(cli, deployment, "SUCCESSFUL", TimeSpan.FromSeconds(120));
        return setup;
    }

    /// <summary>The service as ECS describes it.</summary>
    public async Task<JsonNode> DescribeAsync(AwsCli cli) =>
        (await cli.OkAsync("ecs", "describe-services", "--cluster", Cluster, "--services", Service))["services"]![0]!;

    /// <summary>The service's deployments, newest first (ListServiceDeployments).</summary>
    public async Task<JsonArray> DeploymentsAsync(AwsCli cli) =>
        (await cli.OkAsync("ecs", "list-service-deployments", "--cluster", Cluster, "--service", Service))["serviceDeployments"]!.AsArray();

    private Task WaitForAsync(AwsCli cli, string deployment, string status, TimeSpan timeout) => Poll.UntilAsync(
        async _ => (await cli.OkAsync("ecs", "describe-service-deployments", "--service-deployment-arns", deployment))["serviceDeployments"]![0]!["status"]!.GetValue<string>(),
        last => last == status,
        PollSchedule.Every(TimeSpan.FromMilliseconds(500), timeout),
        $"the first deployment of {Cluster}/{Service} to be {status}",
        CancellationToken.None,
        last => last);
}
