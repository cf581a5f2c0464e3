using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Images;

namespace Pipeline.Workflows.IntegrationTests.RepositoryDelivery;

/// <summary>
/// A fact that runs this repository's delivery workflow against the stand-ins: it needs a Docker engine, moto, the
/// registry binary, the aws CLI and git. Without one it is skipped with the reason printed — unless
/// PIPELINE_REQUIRE_DOCKER=1 (CI), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RepositoryDeliveryFactAttribute : FactAttribute
{
    public RepositoryDeliveryFactAttribute()
    {
        if (!DockerEngine.Required && UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? UnavailableReason =>
        DockerEngine.UnavailableReason ?? MotoAvailability.UnavailableReason ?? RegistryServer.UnavailableReason ?? AwsCli.UnavailableReason;
}
