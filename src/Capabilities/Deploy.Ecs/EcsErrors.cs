using Pipeline.Aws;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Ecs;

/// <summary>Turns AWS errors into one line for the environment: what, where (cluster, service, region, role), what to do.</summary>
internal sealed class EcsErrors(string environment, EcsPlatformSettings settings)
{
    /// <summary>
    /// Runs one AWS call (or a wait on AWS); an <see cref="AwsException"/> or a <see cref="PollTimeoutException"/> becomes
    /// a <see cref="DeployException"/> with one line.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (AwsException e)
        {
            throw new DeployException(Line(e), e);
        }
        catch (PollTimeoutException e)
        {
            throw new DeployException($"environment '{environment}': {e.Message}", e);
        }
    }

    public string Line(AwsException error) => error switch
    {
        AwsServiceException { ErrorCode: "ClusterNotFoundException" } =>
            $"ECS cluster '{settings.Cluster}' does not exist in {settings.Region} (environment '{environment}'): check the cluster and region in its declaration",
        AwsServiceException { ErrorCode: "ServiceNotFoundException" or "ServiceNotActiveException" } e =>
            $"ECS service '{settings.Service}' is not an active service of cluster '{settings.Cluster}' in {settings.Region} (environment '{environment}'): {e.ErrorMessage}",
        AwsServiceException { ErrorCode: "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" } e =>
            $"{e.Service} {e.Operation} was denied to {(settings.Role is { } role ? $"role {role}" : "the job's AWS identity")} (environment '{environment}'): "
            + $"allow {e.Service.ToLowerInvariant()}:{e.Operation} on it ({e.ErrorMessage})",
        _ => $"environment '{environment}': {error.Message}",
    };
}
