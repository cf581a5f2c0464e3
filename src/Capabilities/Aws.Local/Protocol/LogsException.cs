namespace Pipeline.Aws.Local.Protocol;

/// <summary>An error CloudWatch Logs answers over JSON 1.1: <c>{"__type": code, "message"}</c> with status 400.</summary>
internal sealed class LogsException(string code, string message) : AwsProtocolException(code, message)
{
    public static LogsException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static LogsException GroupNotFound() => new("ResourceNotFoundException", "The specified log group does not exist.");

    public static LogsException StreamNotFound() => new("ResourceNotFoundException", "The specified log stream does not exist.");

    public static LogsException GroupExists() => new("ResourceAlreadyExistsException", "The specified log group already exists");
}
