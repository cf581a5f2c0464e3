namespace Pipeline.Aws;

/// <summary>
/// What the wire needs to know about one AWS service, as written in its service model's <c>metadata</c>.
/// </summary>
/// <param name="ServiceId">The model's <c>serviceId</c> (e.g. <c>ECR</c>): used in messages and in <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>.</param>
/// <param name="SigningName">The model's <c>signingName</c> (SigV4 credential scope).</param>
/// <param name="EndpointPrefix">The model's <c>endpointPrefix</c> (host of the regional endpoint).</param>
/// <param name="TargetPrefix">The model's <c>targetPrefix</c> (<c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c>); null for REST protocols.</param>
public sealed record AwsService(string ServiceId, string SigningName, string EndpointPrefix, string? TargetPrefix)
{
    public static readonly AwsService Ecr = new("ECR", "ecr", "api.ecr", "AmazonEC2ContainerRegistry_V20150921");

    public static readonly AwsService Ecs = new("ECS", "ecs", "ecs", "AmazonEC2ContainerServiceV20141113");

    public static readonly AwsService Lambda = new("Lambda", "lambda", "lambda", null) { Protocol = AwsProtocol.RestJson };

    /// <summary>CloudWatch through its JSON 1.0 protocol (the model also lists rpc-v2-cbor and query); IAM calls it <c>cloudwatch</c>.</summary>
    public static readonly AwsService CloudWatch = new("CloudWatch", "monitoring", "monitoring", "GraniteServiceVersion20100801")
    {
        JsonVersion = "1.0",
        QueryCompatible = true,
        IamPrefix = "cloudwatch",
    };

    /// <summary>CloudWatch Logs (JSON 1.1): the output of tasks whose containers log through <c>awslogs</c>.</summary>
    public static readonly AwsService Logs = new("CloudWatch Logs", "logs", "logs", "Logs_20140328");

    public AwsProtocol Protocol { get; init; } = AwsProtocol.Json;

    /// <summary>The model's <c>jsonVersion</c> (<c>Content-Type: application/x-amz-json-&lt;version&gt;</c>) for <see cref="AwsProtocol.Json"/>.</summary>
    public string JsonVersion { get; init; } = "1.1";

    /// <summary>
    /// The model's <c>awsQueryCompatible</c> trait: requests carry <c>x-amzn-query-mode: true</c> and errors name their
    /// code in <c>x-amzn-query-error</c>, as the service's former query protocol did.
    /// </summary>
    public bool QueryCompatible { get; init; }

    /// <summary>The service prefix of IAM actions (<c>ecs:RunTask</c>, <c>cloudwatch:PutMetricAlarm</c>); the signing name unless set.</summary>
    public string IamPrefix
    {
        get => field ?? SigningName;
        init;
    }
}
