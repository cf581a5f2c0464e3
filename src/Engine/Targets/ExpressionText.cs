using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace Pipeline.Engine.Targets;

/// <summary>Readable text for condition expressions, shown as skip reasons and in requirement errors.</summary>
public static partial class ExpressionText
{
    /// <summary><c>() => value(Build).IsServerBuild</c> becomes <c>IsServerBuild</c>.</summary>
    public static string Of(LambdaExpression expression)
    {
        var text = expression.Body.ToString();
        text = ClosureValue().Replace(text, "");
        text = Convert().Replace(text, "$1");
        return text;
    }

    /// <summary>The member a parameter requirement names (<c>() => Environment</c> → Environment), if any.</summary>
    public static string? MemberName(LambdaExpression expression)
    {
        var body = expression.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary)
        {
            body = unary.Operand;
        }

        return body switch
        {
            MemberExpression member => member.Member.Name[(member.Member.Name.LastIndexOf('.') + 1)..],
            MethodCallExpression { Method.Name: "TryGetValue" or "Get", Arguments: [.., UnaryExpression { Operand: LambdaExpression inner }] } => MemberName(inner),
            _ => null,
        };
    }

    [GeneratedRegex(@"value\([^()]*\)\.")]
    private static partial Regex ClosureValue();

    [GeneratedRegex(@"Convert\(([^(),]*)(, [^()]*)?\)")]
    private static partial Regex Convert();
}
