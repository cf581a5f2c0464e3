namespace Pipeline.Aws;

/// <summary>
/// What the wire needs to know about one AWS JSON 1.1 service, as written in its service model's <c>metadata</c>.
/// </summary>
/// <param name="ServiceId">The model's <c>serviceId</c> (e.g. <c>ECR</c>): used in messages and in <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>.</param>
/// <param name="SigningName">The model's <c>signingName</c> (SigV4 credential scope).</param>
/// <param name="EndpointPrefix">The model's <c>endpointPrefix</c> (host of the regional endpoint).</param>
/// <param name="TargetPrefix">The model's <c>targetPrefix</c> (<c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c>).</param>
public sealed record AwsService(string ServiceId, string SigningName, string EndpointPrefix, string TargetPrefix)
{
    public static readonly AwsService Ecr = new("ECR", "ecr", "api.ecr", "AmazonEC2ContainerRegistry_V20150921");

    public static readonly AwsService Ecs = new("ECS", "ecs", "ecs", "AmazonEC2ContainerServiceV20141113");
}
