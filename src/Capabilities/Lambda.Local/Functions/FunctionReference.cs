using System.Text.RegularExpressions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Functions;

/// <summary>
/// A FunctionName as Lambda accepts it: <c>name</c>, <c>name:qualifier</c>, <c>123456789012:function:name[:qualifier]</c>
/// or the full ARN; the qualifier is a version, <c>$LATEST</c> or an alias.
/// </summary>
internal sealed partial record FunctionReference(string Name, string? Qualifier)
{
    public static FunctionReference Parse(string value, Arns arns)
    {
        var match = Pattern().Match(value);
        if (!match.Success)
        {
            throw LambdaException.InvalidParameter(
                $"1 validation error detected: Value '{value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
                "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }

        if (match.Groups["region"].Success && match.Groups["region"].Value.TrimEnd(':') != arns.Region
            || match.Groups["account"].Success && match.Groups["account"].Value.TrimEnd(':') != arns.Account)
        {
            throw LambdaException.NotFound($"Function not found: {value}");
        }

        return new FunctionReference(match.Groups["name"].Value, match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null);
    }

    /// <summary>The one qualifier of a call that may carry it in the name and in the Qualifier member; both must agree.</summary>
    public string? QualifierWith(string? member) =>
        Qualifier is null || member is null || Qualifier == member
            ? Qualifier ?? member
            : throw LambdaException.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");

    [GeneratedRegex(@"^(arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(-gov)?-[a-z]+-\d:))?(?<account>\d{12}:)?(function:)?(?<name>[a-zA-Z0-9\-_\.]{1,140})(:(?<qualifier>\$LATEST|[a-zA-Z0-9\-_]{1,128}))?$")]
    private static partial Regex Pattern();
}
