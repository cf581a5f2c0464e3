namespace Pipeline.Deploy.Docker;

/// <summary>
/// Where the environment's PostgreSQL answers. <see cref="HostConnectionString"/> is for the build (the migrations hook
/// runs before the traffic shift); <see cref="NetworkConnectionString"/> is what app containers get, by name on the
/// environment's network. Both carry the password: log neither.
/// </summary>
public sealed record DatabaseConnection(
    string HostConnectionString,
    string NetworkConnectionString,
    string ContainerName,
    string VolumeName,
    int HostPort)
{
    public override string ToString() => $"PostgreSQL {ContainerName} on 127.0.0.1:{HostPort} (volume {VolumeName})";
}
