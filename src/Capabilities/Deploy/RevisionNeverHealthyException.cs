namespace Pipeline.Deploy;

/// <summary>The new revision did not become ready in time, or exited while starting; the message carries its last output.</summary>
public sealed class RevisionNeverHealthyException : DeployException
{
    public RevisionNeverHealthyException(string message) : base(message) { }

    public RevisionNeverHealthyException(string message, Exception innerException) : base(message, innerException) { }

    public RevisionNeverHealthyException() { }
}
