namespace Pipeline.Components.Services;

/// <summary>A service's check, image or deploy failed; the message is one line naming the service and what failed.</summary>
public sealed class ServiceFailedException : Exception
{
    public ServiceFailedException()
    {
    }

    public ServiceFailedException(string message)
        : base(message)
    {
    }

    public ServiceFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
