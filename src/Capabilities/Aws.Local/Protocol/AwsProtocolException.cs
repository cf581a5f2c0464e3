namespace Pipeline.Aws.Local.Protocol;

/// <summary>An error a local stand-in answers as AWS does: the error code, one line for the caller, and AWS's HTTP status.</summary>
/// <param name="code">AWS's error code, e.g. InvalidSignatureException.</param>
/// <param name="message">One line for the caller.</param>
/// <param name="status">The HTTP status AWS answers with this code.</param>
public class AwsProtocolException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}
