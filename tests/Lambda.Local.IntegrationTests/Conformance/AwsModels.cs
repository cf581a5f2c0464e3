using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Lambda.Local.IntegrationTests.Conformance;

/// <summary>The official models the local Lambda is checked against (botocore's, in the shared reference folder).</summary>
internal static class AwsModels
{
    public const string Lambda = "lambda-2015-03-31.service-2.json";
    public const string CloudWatch = "monitoring-2010-08-01.service-2.json";

    public static readonly Lazy<ServiceModel> LambdaShapes = new(() => ServiceModel.Load(ModelFiles.PathOf(Lambda)));
    public static readonly Lazy<ServiceModel> CloudWatchShapes = new(() => ServiceModel.Load(ModelFiles.PathOf(CloudWatch)));
    public static readonly Lazy<RestJsonModel> LambdaWire = new(() => RestJsonModel.Load(ModelFiles.PathOf(Lambda)));
    public static readonly Lazy<RestJsonModel> CloudWatchWire = new(() => RestJsonModel.Load(ModelFiles.PathOf(CloudWatch)));
}
