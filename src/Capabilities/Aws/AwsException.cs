namespace Pipeline.Aws;

/// <summary>Base of every error this library throws; <see cref="Exception.Message"/> is one line for a human.</summary>
public abstract class AwsException : Exception
{
    protected AwsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
