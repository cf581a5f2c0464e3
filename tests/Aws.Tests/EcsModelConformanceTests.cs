using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests;

/// <summary>ECS specifics against the official model: enum constants, requests as Pipeline builds them, what deployments read (the generic checks of every operation are in Rules/).</summary>
public sealed class EcsModelConformanceTests
{
    private static readonly JsonSerializerOptions Options = EcsJsonContext.Default.Options;
    private static readonly Lazy<ServiceModel> LazyModel = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs)));

    private static ServiceModel Model => LazyModel.Value;

    [Fact]
    public void Enum_constants_are_values_of_the_model_enums()
    {
        var expected = new (string Shape, Type Holder)[]
        {
            ("DeploymentStrategy", typeof(EcsValues.Strategy)),
            ("ServiceDeploymentStatus", typeof(EcsValues.DeploymentStatus)),
            ("DeploymentLifecycleHookStage", typeof(EcsValues.Stage)),
            ("DeploymentLifecycleHookTargetType", typeof(EcsValues.HookTarget)),
            ("DeploymentLifecycleHookStatus", typeof(EcsValues.HookStatus)),
            ("DeploymentLifecycleHookAction", typeof(EcsValues.HookAction)),
            ("StopServiceDeploymentStopType", typeof(EcsValues.StopType)),
            ("DeploymentControllerType", typeof(EcsValues.Controller)),
        };
        foreach (var (shape, holder) in expected)
        {
            var values = holder.GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.Contains(v, Model.Enum(shape)));
        }
    }

    [Fact]
    public void Deployment_status_values_beyond_the_model_still_parse()
    {
        var json = """{"serviceDeployments":[{"status":"SOMETHING_NEW","lifecycleStage":"A_NEW_STAGE","lifecycleHookDetails":[{"status":"NEW_HOOK_STATUS"}]}]}""";

        var parsed = JsonSerializer.Deserialize(json, EcsJsonContext.Default.DescribeServiceDeploymentsResponse)!;

        var deployment = Assert.Single(parsed.ServiceDeployments);
        Assert.Equal("SOMETHING_NEW", deployment.Status);
        Assert.Equal("A_NEW_STAGE", deployment.LifecycleStage);
    }

    [Fact]
    public void Serialized_requests_use_model_names_required_members_and_enums()
    {
        var arn = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/abc";
        var requests = new (string Operation, object Request)[]
        {
            ("DescribeServices", new DescribeServicesRequest { Cluster = "prod", Services = ["api"], Include = ["TAGS"] }),
            ("UpdateService", new UpdateServiceRequest
            {
                Cluster = "prod",
                Service = "api",
                TaskDefinition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7",
                DeploymentConfiguration = new DeploymentConfiguration
                {
                    Strategy = EcsValues.Strategy.Linear,
                    BakeTimeInMinutes = 5,
                    LinearConfiguration = new LinearConfiguration { StepPercent = 25, StepBakeTimeInMinutes = 1 },
                    CanaryConfiguration = new CanaryConfiguration { CanaryPercent = 5, CanaryBakeTimeInMinutes = 10 },
                    Alarms = new DeploymentAlarms { AlarmNames = ["api-5xx"], Enable = true, Rollback = true },
                    LifecycleHooks =
                    [
                        new DeploymentLifecycleHook
                        {
                            TargetType = EcsValues.HookTarget.Pause,
                            LifecycleStages = [EcsValues.Stage.PostTestTrafficShift, EcsValues.Stage.PostProductionTrafficShift],
                            TimeoutConfiguration = new DeploymentLifecycleHookTimeoutConfiguration { TimeoutInMinutes = 15, Action = EcsValues.HookAction.Rollback },
                        },
                    ],
                },
                DeploymentController = new DeploymentController { Type = EcsValues.Controller.Ecs },
                NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-1"], AssignPublicIp = "DISABLED" } },
            }),
            ("CreateService", new CreateServiceRequest { Cluster = "prod", ServiceName = "api", TaskDefinition = "api:1", DesiredCount = 2, LaunchType = "FARGATE" }),
            ("RegisterTaskDefinition", RegisterTaskDefinitionRequest.FromJson(JsonNode.Parse(
                """{"family":"api","networkMode":"awsvpc","cpu":"256","memory":"512","requiresCompatibilities":["FARGATE"],"containerDefinitions":[{"name":"api","image":"r@sha256:ab","essential":true,"portMappings":[{"containerPort":8080}]}]}""")!.AsObject())),
            ("DescribeTaskDefinition", new DescribeTaskDefinitionRequest { TaskDefinition = "api", Include = ["TAGS"] }),
            ("ListServiceDeployments", new ListServiceDeploymentsRequest
            {
                Cluster = "prod", Service = "api", Status = [EcsValues.DeploymentStatus.InProgress], MaxResults = 10,
                CreatedAt = new CreatedAtFilter { After = DateTimeOffset.UnixEpoch },
            }),
            ("DescribeServiceDeployments", new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] }),
            ("DescribeServiceRevisions", new DescribeServiceRevisionsRequest { ServiceRevisionArns = ["arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/api/1"] }),
            ("ContinueServiceDeployment", new ContinueServiceDeploymentRequest { ServiceDeploymentArn = arn, HookId = "h1", Action = EcsValues.HookAction.Rollback }),
            ("StopServiceDeployment", new StopServiceDeploymentRequest { ServiceDeploymentArn = arn, StopType = EcsValues.StopType.Rollback }),
            ("RunTask", new RunTaskRequest
            {
                Cluster = "prod",
                TaskDefinition = "api:7",
                LaunchType = "FARGATE",
                StartedBy = "pipeline-migrations",
                Overrides = new TaskOverride { ContainerOverrides = [new ContainerOverride { Name = "api", Command = ["migrate"], Environment = [new EcsKeyValuePair { Name = "A", Value = "1" }] }] },
            }),
            ("DescribeTasks", new DescribeTasksRequest { Cluster = "prod", Tasks = ["arn:aws:ecs:eu-west-1:123456789012:task/prod/1"] }),
        };

        foreach (var (operation, request) in requests)
        {
            var json = JsonSerializer.SerializeToElement(request, request.GetType(), Options);
            var problems = ModelConformance.CheckJson(Model, Model.InputShape(operation), json);
            Assert.True(problems.Count == 0, $"{operation} {json}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void A_described_task_definition_keeps_members_the_client_does_not_type()
    {
        var json = """{"taskDefinition":{"taskDefinitionArn":"arn:x","family":"api","revision":3,"ipcMode":"task","pidMode":"task","someFutureMember":{"a":1},"containerDefinitions":[{"name":"api","image":"i"}]}}""";

        var parsed = JsonSerializer.Deserialize(json, EcsJsonContext.Default.DescribeTaskDefinitionResponse)!;
        var back = JsonSerializer.SerializeToNode(parsed.TaskDefinition!, EcsJsonContext.Default.EcsTaskDefinition)!.AsObject();

        Assert.Equal(3, parsed.TaskDefinition!.Revision);
        Assert.Equal("task", (string?)back["ipcMode"]);
        Assert.Equal("task", (string?)back["pidMode"]);
        Assert.Equal(1, (int?)back["someFutureMember"]!["a"]);
        Assert.Equal("api", (string?)back["containerDefinitions"]![0]!["name"]);
    }

    [Fact]
    public void A_deployment_sample_reads_stage_hooks_weights_rollback_and_alarms()
    {
        var sample = ModelConformance.SampleJson(Model, Model.OutputShape("DescribeServiceDeployments"))!.ToJsonString();

        var deployment = Assert.Single(JsonSerializer.Deserialize(sample, EcsJsonContext.Default.DescribeServiceDeploymentsResponse)!.ServiceDeployments);

        Assert.Equal(Model.Enum("ServiceDeploymentStatus")[0], deployment.Status);
        Assert.Equal(Model.Enum("ServiceDeploymentLifecycleStage")[0], deployment.LifecycleStage);
        Assert.Equal(0.5, deployment.TargetServiceRevision!.RequestedProductionTrafficWeight);
        Assert.Equal("sample", Assert.Single(deployment.LifecycleHookDetails).HookId);
        Assert.Equal("sample", deployment.Rollback!.Reason);
        Assert.Equal("sample", Assert.Single(deployment.Alarms!.TriggeredAlarmNames));
    }
}
