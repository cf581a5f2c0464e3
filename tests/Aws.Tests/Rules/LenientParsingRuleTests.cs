using System.Text.Json;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests.Rules;

/// <summary>
/// Rule: an answer parses as botocore parses it — a member the model marks required may be missing, a member the model
/// does not have yet may be there. Only the code that needs a member fails without it, in its own words.
/// </summary>
public sealed class LenientParsingRuleTests
{
    public static TheoryData<string> Operations => ServiceCatalog.OperationIds;

    [Theory]
    [MemberData(nameof(Operations))]
    public void An_answer_without_any_member_the_model_requires_parses(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var model = catalog.Model;
        if (!model.HasOutput(operation.Name))
        {
            Assert.NotNull(JsonSerializer.Deserialize("{}", operation.Options.GetTypeInfo(operation.OutputType)));
            return;
        }

        var lean = ModelConformance.SampleJson(model, model.OutputShape(operation.Name), new SampleOptions(DropRequired: true))!.ToJsonString();

        var parsed = JsonSerializer.Deserialize(lean, operation.Options.GetTypeInfo(operation.OutputType));

        Assert.NotNull(parsed);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void An_answer_with_members_the_model_does_not_have_yet_parses(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var model = catalog.Model;
        var shape = model.HasOutput(operation.Name) ? model.OutputShape(operation.Name) : null;
        var rich = shape is null ? """{"memberAddedLater":1}""" : ModelConformance.SampleJson(model, shape, new SampleOptions(UnknownMember: "memberAddedLater"))!.ToJsonString();

        Assert.NotNull(JsonSerializer.Deserialize(rich, operation.Options.GetTypeInfo(operation.OutputType)));
    }

    [Fact]
    public void The_answers_that_once_failed_with_InvalidResponse_parse()
    {
        const string json = """
            {"services":[{"serviceName":"api",
              "deploymentConfiguration":{"alarms":{"rollback":true,"enable":true},"deploymentCircuitBreaker":{}},
              "deploymentController":{},
              "networkConfiguration":{"awsvpcConfiguration":{"securityGroups":["sg-1"]}}}]}
            """;

        var service = Assert.Single(JsonSerializer.Deserialize(json, EcsJsonContext.Default.DescribeServicesResponse)!.Services);

        Assert.Null(service.DeploymentConfiguration!.Alarms!.AlarmNames);
        Assert.True(service.DeploymentConfiguration.Alarms.Rollback);
        Assert.Null(service.DeploymentConfiguration.DeploymentCircuitBreaker!.Enable);
        Assert.Null(service.DeploymentController!.Type);
        Assert.Null(service.NetworkConfiguration!.AwsvpcConfiguration!.Subnets);
        Assert.Equal(["sg-1"], service.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups);
    }

    [Fact]
    public async Task Through_the_client_such_an_answer_is_a_service_not_an_InvalidResponse()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"services":[{"serviceName":"api","deploymentController":{},"deploymentConfiguration":{"alarms":{"enable":false}}}]}"""));
        using var ecs = new EcsClient(StubClients.Options(stub.Endpoint));

        var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Services = ["api"] }, CancellationToken.None);

        Assert.Equal("api", Assert.Single(described.Services).ServiceName);
    }

    [Fact]
    public async Task What_is_not_JSON_of_the_shape_at_all_is_still_an_InvalidResponse_in_one_line()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"services":{"not":"a list"}}"""));
        using var ecs = new EcsClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeServicesAsync(new DescribeServicesRequest { Services = ["api"] }, CancellationToken.None));

        Assert.Equal("InvalidResponse", error.ErrorCode);
        Assert.DoesNotContain('\n', error.Message);
    }
}
