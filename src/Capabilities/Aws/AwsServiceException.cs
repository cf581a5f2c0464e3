using System.Net;

namespace Pipeline.Aws;

/// <summary>
/// An AWS service answered with an error, e.g.
/// <c>ECR GetAuthorizationToken failed: AccessDeniedException: User ... is not authorized ... (allow ecr:GetAuthorizationToken in the IAM policy of role deploy)</c>.
/// </summary>
public sealed class AwsServiceException : AwsException
{
    public AwsServiceException(
        string service,
        string operation,
        string errorCode,
        string errorMessage,
        HttpStatusCode statusCode,
        string? requestId,
        int attempts = 1,
        Exception? innerException = null,
        string? iamAction = null,
        string? principal = null)
        : base(Format(service, operation, errorCode, errorMessage, attempts, iamAction, principal), innerException)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        StatusCode = statusCode;
        RequestId = requestId;
        Attempts = attempts;
        IamAction = iamAction;
    }

    /// <summary>The service id, e.g. <c>ECR</c>.</summary>
    public string Service { get; }

    /// <summary>The operation, e.g. <c>DescribeRepositories</c>.</summary>
    public string Operation { get; }

    /// <summary>The AWS error code without namespace, e.g. <c>RepositoryNotFoundException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own message.</summary>
    public string ErrorMessage { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>x-amzn-RequestId</c> AWS support asks for; null when the endpoint sent none.</summary>
    public string? RequestId { get; }

    /// <summary>How many requests were sent before giving up (more than one after retryable errors).</summary>
    public int Attempts { get; }

    /// <summary>The IAM action of the call (e.g. <c>lambda:UpdateAlias</c>), when the client knows it.</summary>
    public string? IamAction { get; }

    /// <summary>True for throttling, 5xx and other errors that a later attempt may not get.</summary>
    public bool IsRetryable => AwsRetryRules.IsRetryable(ErrorCode, StatusCode);

    /// <summary>True for Lambda's <c>ResourceConflictException</c> "An update is in progress": the same call succeeds once the update ends.</summary>
    public bool IsUpdateInProgress => AwsRetryRules.IsUpdateInProgress(ErrorCode, ErrorMessage);

    private static string Format(string service, string operation, string code, string message, int attempts, string? iamAction, string? principal)
    {
        var text = string.IsNullOrWhiteSpace(message) ? code : $"{code}: {OneLine(message)}";
        var hint = AwsErrorHints.For(code, message, attempts, iamAction, principal);
        return hint is null ? $"{service} {operation} failed: {text}" : $"{service} {operation} failed: {text} ({hint})";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
