using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Lambda.Local.Protocol;

/// <summary>
/// An error the local Lambda answers as Lambda does: the code in <c>x-amzn-ErrorType</c>, the body
/// <c>{"Type": "User", "message": …}</c> (the member is <c>Message</c> for the shapes the model spells so), AWS's status.
/// </summary>
internal sealed class LambdaException(string code, string message, int status, string messageMember = "message", string type = "User")
    : AwsProtocolException(code, message, status)
{
    public string MessageMember { get; } = messageMember;

    public string Type { get; } = type;

    public static LambdaException InvalidParameter(string message) => new("InvalidParameterValueException", message, 400);

    public static LambdaException NotFound(string message) => new("ResourceNotFoundException", message, 404, "Message");

    public static LambdaException Conflict(string message) => new("ResourceConflictException", message, 409);

    public static LambdaException UpdateInProgress(string arn) =>
        Conflict($"The operation cannot be performed at this time. An update is in progress for resource: {arn}");

    public static LambdaException NotActive(string state) =>
        Conflict($"The operation cannot be performed at this time. The function is currently in the following state: {state}");

    public static LambdaException RevisionMismatch(string what) =>
        new("PreconditionFailedException", $"The Revision Id provided does not match the latest Revision Id. Call the {what} API to retrieve the latest Revision Id", 412);

    public static LambdaException Service(string message) => new("ServiceException", message, 500, "Message", "Service");

    public static LambdaException InvalidContent(string message) => new("InvalidRequestContentException", message, 400);
}
