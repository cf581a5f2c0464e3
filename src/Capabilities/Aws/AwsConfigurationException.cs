namespace Pipeline.Aws;

/// <summary>The client cannot start: no region, no credentials, or an endpoint that is not a URL.</summary>
public sealed class AwsConfigurationException : AwsException
{
    public AwsConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
