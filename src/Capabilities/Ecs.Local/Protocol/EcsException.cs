using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Ecs.Local.Protocol;

/// <summary>An error the local ECS answers in AWS's JSON error shape: <c>{"__type": Code, "message": Message}</c>.</summary>
/// <param name="code">AWS's error code, e.g. ClusterNotFoundException.</param>
/// <param name="message">One line for the caller.</param>
/// <param name="status">The HTTP status AWS answers with this code (400 for client errors, 500 for ServerException).</param>
internal sealed class EcsException(string code, string message, int status = 400) : AwsProtocolException(code, message, status)
{
    public static EcsException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static EcsException Client(string message) => new("ClientException", message);

    public static EcsException ClusterNotFound() => new("ClusterNotFoundException", "Cluster not found.");

    public static EcsException ServiceNotFound() => new("ServiceNotFoundException", "Service not found.");

    public static EcsException ServiceNotActive() => new("ServiceNotActiveException", "Service was not ACTIVE.");

    public static EcsException Serialization(string message) => new("SerializationException", message);
}
