using Pipeline.Aws;

namespace Pipeline.Deploy.Lambda;

/// <summary>Turns AWS errors into one line for the environment: what, where (function, alias, region, role), what to do.</summary>
internal sealed class LambdaErrors(string environment, LambdaPlatformSettings settings)
{
    /// <summary>Runs one AWS call (or a wait on AWS); an <see cref="AwsException"/> becomes a <see cref="DeployException"/> with one line.</summary>
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
    }

    public string Line(AwsException error) => error switch
    {
        AwsServiceException { ErrorCode: "ResourceNotFoundException" } e =>
            $"Lambda environment '{environment}': {e.ErrorMessage} (function '{settings.FunctionName}' in {settings.Region}: check the function name and region in its declaration)",
        AwsServiceException { ErrorCode: "AccessDeniedException" or "AccessDenied" } e =>
            $"{e.Service} {e.Operation} was denied to {(settings.Role is { } role ? $"role {role}" : "the job's AWS identity")} (environment '{environment}'): "
            + $"allow {e.IamAction ?? $"{e.Service.ToLowerInvariant()}:{e.Operation}"} on function {settings.FunctionName} ({e.ErrorMessage})",
        AwsServiceException { ErrorCode: "PreconditionFailedException" } e =>
            $"Lambda environment '{environment}': alias '{settings.Alias}' of {settings.FunctionName} was changed by someone else during this deploy ({e.ErrorMessage}); run Status, then Deploy again",
        _ => $"Lambda environment '{environment}': {error.Message}",
    };

    public static bool IsNotFound(AwsException error) => error is AwsServiceException { ErrorCode: "ResourceNotFoundException" };

    public static bool IsStale(AwsException error) => error is AwsServiceException { ErrorCode: "PreconditionFailedException" };
}
