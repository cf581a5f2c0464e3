using System.Text.Json;
using Amazon.Runtime;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Testing.Aws;

namespace Pipeline.Aws.Tests;

/// <summary>The first ECS operation through the same generic model checks, and once against moto.</summary>
public sealed class EcsModelConformanceTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly JsonSerializerOptions Options = EcsJsonContext.Default.Options;
    private static readonly Lazy<ServiceModel> Model = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs)));

    [ModelFact(ModelFiles.Ecs)]
    public void Service_metadata_and_DescribeServices_match_the_model()
    {
        var model = Model.Value;
        Assert.Equal(model.Metadata("targetPrefix"), AwsService.Ecs.TargetPrefix);
        Assert.Equal(model.Metadata("signingName"), AwsService.Ecs.SigningName);
        Assert.Equal(model.Metadata("endpointPrefix"), AwsService.Ecs.EndpointPrefix);

        var problems = ModelConformance.CheckType(model, model.InputShape("DescribeServices"), typeof(DescribeServicesRequest), Options, isInput: true)
            .Concat(ModelConformance.CheckType(model, model.OutputShape("DescribeServices"), typeof(DescribeServicesResponse), Options, isInput: false))
            .Concat(ModelConformance.CheckJson(
                model,
                model.InputShape("DescribeServices"),
                JsonSerializer.SerializeToElement(new DescribeServicesRequest { Cluster = "prod", Services = ["api"] }, Options)))
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var sample = ModelConformance.SampleJson(model, model.OutputShape("DescribeServices"))!.ToJsonString();
        var parsed = JsonSerializer.Deserialize(sample, EcsJsonContext.Default.DescribeServicesResponse)!;
        var deployment = Assert.Single(Assert.Single(parsed.Services).Deployments);
        Assert.Equal("COMPLETED", deployment.RolloutState);
        Assert.Equal(7, deployment.RunningCount);
    }

    [MotoFact]
    public async Task A_missing_cluster_is_ClusterNotFoundException_from_moto()
    {
        using var ecs = new EcsClient(new AwsClientOptions
        {
            Region = "eu-west-1",
            ServiceUrl = moto.Endpoint,
            Credentials = new BasicAWSCredentials("test", "test"),
            MaxRetries = 0,
        });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = MotoServer.UniqueName("nocluster"), Services = ["api"] }, CancellationToken.None));

        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
        Assert.StartsWith("ECS DescribeServices failed: ClusterNotFoundException", error.Message, StringComparison.Ordinal);
    }
}
