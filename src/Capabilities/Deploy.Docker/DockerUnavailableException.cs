namespace Pipeline.Deploy.Docker;

/// <summary>No Docker engine answers at the endpoint (DOCKER_HOST or the default socket).</summary>
public sealed class DockerUnavailableException : DeployException
{
    public DockerUnavailableException(string message) : base(message) { }

    public DockerUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    public DockerUnavailableException() { }
}
