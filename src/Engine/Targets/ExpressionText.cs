using System.Globalization;
using System.Linq.Expressions;

namespace Pipeline.Engine.Targets;

/// <summary>Readable text for condition expressions, shown as skip reasons and in requirement errors.</summary>
public static class ExpressionText
{
    /// <summary><c>() => value(Build).IsServerBuild</c> becomes <c>IsServerBuild</c>; enum comparisons keep their names.</summary>
    public static string Of(LambdaExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Render(expression.Body, top: true);
    }

    /// <summary>The member a parameter requirement names (<c>() => Environment</c> → Environment), if any.</summary>
    public static string? MemberName(LambdaExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Unwrap(expression.Body) is MemberExpression member ? member.Member.Name[(member.Member.Name.LastIndexOf('.') + 1)..] : null;
    }

    private static Expression Unwrap(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary)
        {
            expression = unary.Operand;
        }

        return expression;
    }

    private static string Render(Expression expression, bool top = false) => expression switch
    {
        MemberExpression { Expression: null or ConstantExpression or ParameterExpression } member => Name(member.Member.Name),
        MemberExpression member => $"{Render(member.Expression!)}.{Name(member.Member.Name)}",
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary => Render(unary.Operand, top),
        UnaryExpression { NodeType: ExpressionType.Not } unary => "!" + Render(unary.Operand),
        BinaryExpression binary => Binary(binary, top),
        ConstantExpression constant => Constant(constant.Value),
        MethodCallExpression call => $"{(call.Object is null ? call.Method.DeclaringType?.Name : Render(call.Object))}.{call.Method.Name}({string.Join(", ", call.Arguments.Select(a => Render(a)))})",
        _ => expression.ToString(),
    };

    private static string Binary(BinaryExpression binary, bool top)
    {
        var (left, right) = (Unwrap(binary.Left), Unwrap(binary.Right));
        var enumType = left.Type.IsEnum ? left.Type : right.Type.IsEnum ? right.Type : null;
        string Side(Expression side) =>
            enumType is not null && side is ConstantExpression { Value: not null } constant && !constant.Type.IsEnum
                ? Enum.ToObject(enumType, constant.Value).ToString()!
                : Render(side);

        var op = binary.NodeType switch
        {
            ExpressionType.Equal => "==",
            ExpressionType.NotEqual => "!=",
            ExpressionType.AndAlso => "&&",
            ExpressionType.OrElse => "||",
            ExpressionType.LessThan => "<",
            ExpressionType.LessThanOrEqual => "<=",
            ExpressionType.GreaterThan => ">",
            ExpressionType.GreaterThanOrEqual => ">=",
            ExpressionType.Add => "+",
            ExpressionType.Subtract => "-",
            _ => binary.NodeType.ToString(),
        };
        var text = $"{Side(left)} {op} {Side(right)}";
        return top ? text : $"({text})";
    }

    private static string Constant(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Name(string member) => member[(member.LastIndexOf('.') + 1)..];
}
