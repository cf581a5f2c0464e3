namespace Pipeline.Sample;

/// <summary>The service is configured wrongly; the message is one line naming the setting and what to do.</summary>
public sealed class SampleConfigurationException : Exception
{
    public SampleConfigurationException(string message) : base(message) { }

    public SampleConfigurationException(string message, Exception innerException) : base(message, innerException) { }

    public SampleConfigurationException() { }
}
