namespace Pipeline.Deploy;

/// <summary>Base of the deploy capability's errors: <see cref="Exception.Message"/> is one line (what, where, what to do).</summary>
public class DeployException : Exception
{
    public DeployException(string message) : base(message) { }

    public DeployException(string message, Exception innerException) : base(message, innerException) { }

    public DeployException() { }
}
