namespace Pipeline.Deploy;

/// <summary>Base of the deploy capability's errors: <see cref="Exception.Message"/> is one line (what, where, what to do).</summary>
public class DeployException : Exception
{
    public DeployException(string message) : base(message) { }

    public DeployException(string message, Exception innerException) : base(message, innerException) { }

    public DeployException() { }

    /// <summary>What the user does about it, as the build words it (the message says what is wrong in the library's words).</summary>
    public DeployRemedy Remedy { get; init; }
}
