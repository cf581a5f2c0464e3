namespace Pipeline.Aws;

/// <summary>A wait for a resource's state ended in the failure state or ran out of polls; the message is one line.</summary>
public sealed class AwsWaitException(string message) : AwsException(message);
