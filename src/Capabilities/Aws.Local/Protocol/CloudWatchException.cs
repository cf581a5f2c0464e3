using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// An error CloudWatch answers over JSON 1.0: <c>{"__type": shape, "message"}</c>, and — CloudWatch being query-compatible —
/// the query protocol's code in <c>x-amzn-query-error: Code;Sender</c>, which botocore reports as the error code.
/// </summary>
internal sealed class CloudWatchException(string shape, string queryCode, string message, int status = 400) : AwsProtocolException(shape, message, status)
{
    public string QueryCode { get; } = queryCode;

    public static CloudWatchException InvalidParameter(string message) => new("InvalidParameterValueException", "InvalidParameterValue", message);

    public static CloudWatchException Missing(string message) => new("MissingRequiredParameterException", "MissingParameter", message);

    public static CloudWatchException Combination(string message) => new("InvalidParameterCombinationException", "InvalidParameterCombination", message);

    public static CloudWatchException NotFound(string message) => new("ResourceNotFound", "ResourceNotFound", message, 404);

    public static CloudWatchException InvalidNextToken(string message) => new("InvalidNextToken", "InvalidNextToken", message);
}
