using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Aws;

namespace Pipeline.Testing.Workflows.Delivery;

/// <summary>
/// What infrastructure code would create for one service of one environment, done with the aws CLI on the local ECS:
/// the cluster and the service, set up for blue/green behind a production and a test listener (loopback ports here),
/// running a placeholder task definition whose one container is named after the service and listens on 8080. Pipeline
/// renders each release from it (or from the declaration's task definition file). This repository's own delivery
/// uses <see cref="CreateAsync(DeliveryStandIns, string)"/>: cluster <c>pipeline-&lt;env&gt;</c>, service <c>sample</c>,
/// with the environment's database settings.
/// </summary>
public sealed class EcsServiceSetup
{
    private EcsServiceSetup(string environment, string cluster, string service, int productionPort, int testPort)
    {
        Environment = environment;
        Cluster = cluster;
        Service = service;
        ProductionUrl = new Uri($"http://127.0.0.1:{productionPort.ToString(CultureInfo.InvariantCulture)}/");
        TestUrl = new Uri($"http://127.0.0.1:{testPort.ToString(CultureInfo.InvariantCulture)}/");
    }

    public string Environment { get; }

    public string Cluster { get; }

    public string Service { get; }

    public Uri ProductionUrl { get; }

    public Uri TestUrl { get; }

    /// <summary>This repository's sample in <paramref name="environment"/>, its container given the environment's own database.</summary>
    public static async Task<EcsServiceSetup> CreateAsync(DeliveryStandIns standIns, string environment)
    {
        var connectionString = await standIns.CreateDatabaseAsync(environment);
        return await CreateAsync(standIns, environment, $"pipeline-{environment}", "sample", new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Default"] = connectionString,
        });
    }

    /// <summary>
    /// <paramref name="service"/> in <paramref name="cluster"/> (created when missing) for <paramref name="environment"/>,
    /// its placeholder container given <paramref name="containerEnvironment"/>; returns once its first deployment succeeded.
    /// </summary>
    public static async Task<EcsServiceSetup> CreateAsync(
        DeliveryStandIns standIns, string environment, string cluster, string service, IReadOnlyDictionary<string, string> containerEnvironment)
    {
        ArgumentNullException.ThrowIfNull(standIns);
        ArgumentNullException.ThrowIfNull(containerEnvironment);
        var (production, test) = LoopbackPorts.FreePair();
        var setup = new EcsServiceSetup(environment, cluster, service, production, test);
        var cli = standIns.EcsCli;
        await cli.OkAsync("ecs", "create-cluster", "--cluster-name", setup.Cluster);
        var registered = await cli.OkAsync("ecs", "register-task-definition", "--cli-input-json", new JsonObject
        {
            ["family"] = $"{service}-{environment}",
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = service,
                ["image"] = standIns.PlaceholderImage,
                ["essential"] = true,
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp" }),
                ["environment"] = new JsonArray([.. containerEnvironment.Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value })]),
            }),
        }.ToJsonString());
        var arn = "arn:aws:elasticloadbalancing:eu-west-1:000000000000";
        var created = await cli.OkAsync("ecs", "create-service", "--cli-input-json", new JsonObject
        {
            ["cluster"] = setup.Cluster,
            ["serviceName"] = service,
            ["taskDefinition"] = registered["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>(),
            ["desiredCount"] = 1,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = new JsonObject { ["awsvpcConfiguration"] = new JsonObject { ["subnets"] = new JsonArray("subnet-local") } },
            ["deploymentConfiguration"] = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 },
            ["loadBalancers"] = new JsonArray(new JsonObject
            {
                ["targetGroupArn"] = $"{arn}:targetgroup/{service}-{environment}-blue/1",
                ["containerName"] = service,
                ["containerPort"] = 8080,
                ["advancedConfiguration"] = new JsonObject
                {
                    ["alternateTargetGroupArn"] = $"{arn}:targetgroup/{service}-{environment}-green/2",
                    ["productionListenerRule"] = $"{arn}:listener-rule/app/{service}-{environment}/prod/{production}",
                    ["testListenerRule"] = $"{arn}:listener-rule/app/{service}-{environment}/test/{test}",
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
