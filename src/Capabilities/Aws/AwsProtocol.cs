namespace Pipeline.Aws;

/// <summary>How a service's operations travel over HTTP (the model's <c>metadata.protocol</c>).</summary>
public enum AwsProtocol
{
    /// <summary>AWS JSON 1.0/1.1: <c>POST /</c>, the operation in <c>X-Amz-Target</c>, the input as the JSON body (ECS, ECR, CloudWatch).</summary>
    Json,

    /// <summary>REST-JSON: method and URI per operation, members in the path, query, headers or JSON body (Lambda).</summary>
    RestJson,
}
