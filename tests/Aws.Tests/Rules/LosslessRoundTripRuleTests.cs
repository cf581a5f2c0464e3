using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests.Rules;

/// <summary>
/// Rule: whatever the client reads and may send back — every record type that is both in an answer and in a request —
/// keeps all its members, those the model has that the client does not type and those the model does not have yet, and
/// sends them back whole (UpdateService replaces what it is given).
/// </summary>
public sealed class LosslessRoundTripRuleTests
{
    private const string Unknown = "memberAddedLater";

    public static TheoryData<string> Services => ServiceCatalog.ServiceIds;

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_type_read_and_sent_back_keeps_every_member(string serviceId)
    {
        var catalog = ServiceCatalog.Of(serviceId);
        var (read, sent) = (ShapesOf(catalog, input: false), ShapesOf(catalog, input: true));
        var problems = new List<string>();
        foreach (var type in read.Keys.Intersect(sent.Keys).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var shapes = read[type].Union(sent[type]).ToList();
            if (shapes.Count != 1)
            {
                problems.Add($"{type.Name} stands for {string.Join(" and ", shapes)}: a type read and sent back must be one shape, or members of one are sent to the other");
                continue;
            }

            var options = catalog.Operations[0].Options;
            if (!options.GetTypeInfo(type).Properties.Any(p => p.IsExtensionData))
            {
                problems.Add($"{type.Name} ({shapes[0]}) is read and sent back but has no [JsonExtensionData]: members it does not type would be lost");
                continue;
            }

            var sample = ModelConformance.SampleJson(catalog.Model, shapes[0], new SampleOptions(UnknownMember: Unknown, WholeSecondTimestamps: true));
            var back = JsonSerializer.SerializeToNode(sample.Deserialize(options.GetTypeInfo(type)), options.GetTypeInfo(type));
            if (ModelConformance.Canonical(sample) != ModelConformance.Canonical(back))
            {
                problems.Add($"{type.Name} ({shapes[0]}): read {ModelConformance.Canonical(sample)} but sends {ModelConformance.Canonical(back)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_ecs_types_sent_back_include_the_deployment_configuration_network_and_load_balancers()
    {
        var catalog = ServiceCatalog.Of("ECS");

        var both = ShapesOf(catalog, input: false).Keys.Intersect(ShapesOf(catalog, input: true).Keys).ToList();

        Assert.Contains(typeof(DeploymentConfiguration), both);
        Assert.Contains(typeof(DeploymentLifecycleHook), both);
        Assert.Contains(typeof(NetworkConfiguration), both);
        Assert.Contains(typeof(LoadBalancer), both);
        Assert.Contains(typeof(DeploymentController), both);
    }

    [Fact]
    public async Task A_described_service_sent_back_with_UpdateService_arrives_whole()
    {
        const string configuration = """
            {"strategy":"BLUE_GREEN","bakeTimeInMinutes":5,"memberAddedLater":{"a":[1,2]},
             "alarms":{"alarmNames":["api-5xx"],"enable":true,"rollback":true,"alarmMemberAddedLater":"x"},
             "lifecycleHooks":[{"targetType":"AWS_LAMBDA","hookTargetArn":"arn:aws:lambda:us-east-1:1:function:check","roleArn":"arn:aws:iam::1:role/hooks",
               "lifecycleStages":["POST_SCALE_UP"],"hookDetails":{"threshold":0.99,"paths":["/health","/ready"]},"hookMemberAddedLater":true}]}
            """;
        const string network = """{"awsvpcConfiguration":{"subnets":["subnet-1"],"assignPublicIp":"DISABLED","vpcMemberAddedLater":7}}""";
        const string loadBalancers = """[{"targetGroupArn":"arn:tg/1","containerName":"api","containerPort":8080,"advancedConfiguration":{"alternateTargetGroupArn":"arn:tg/2","productionListenerRule":"arn:rule/1","roleArn":"arn:role","advancedMemberAddedLater":{}}}]""";
        using var stub = new StubAwsEndpoint(
            new StubResponse(200, $$$"""{"services":[{"serviceName":"api","deploymentConfiguration":{{{configuration}}},"networkConfiguration":{{{network}}},"loadBalancers":{{{loadBalancers}}},"deploymentController":{"type":"ECS"}}]}"""),
            new StubResponse(200, """{"service":{"serviceName":"api"}}"""));
        using var ecs = new EcsClient(StubClients.Options(stub.Endpoint));
        var described = Assert.Single((await ecs.DescribeServicesAsync(new DescribeServicesRequest { Services = ["api"] }, CancellationToken.None)).Services);

        await ecs.UpdateServiceAsync(
            new UpdateServiceRequest
            {
                Service = "api",
                TaskDefinition = "api:8",
                DeploymentConfiguration = described.DeploymentConfiguration,
                NetworkConfiguration = described.NetworkConfiguration,
                LoadBalancers = described.LoadBalancers,
                DeploymentController = described.DeploymentController,
            },
            CancellationToken.None);

        var sent = JsonNode.Parse(stub.Requests.Last().Body)!;
        Assert.Equal(ModelConformance.Canonical(JsonNode.Parse(configuration)), ModelConformance.Canonical(sent["deploymentConfiguration"]));
        Assert.Equal(ModelConformance.Canonical(JsonNode.Parse(network)), ModelConformance.Canonical(sent["networkConfiguration"]));
        Assert.Equal(ModelConformance.Canonical(JsonNode.Parse(loadBalancers)), ModelConformance.Canonical(sent["loadBalancers"]));
    }

    private static Dictionary<Type, HashSet<string>> ShapesOf(ServiceCatalog catalog, bool input)
    {
        var found = new Dictionary<Type, HashSet<string>>();
        foreach (var operation in catalog.Operations.Where(o => input || catalog.Model.HasOutput(o.Name)))
        {
            var shape = input ? catalog.Model.InputShape(operation.Name) : catalog.Model.OutputShape(operation.Name);
            ModelConformance.ShapesOf(catalog.Model, shape, input ? operation.InputType : operation.OutputType, operation.Options, found);
        }

        return found;
    }
}
