using System.Globalization;
using Pipeline.Engine.Paths;

namespace Pipeline.Engine.Parameters;

/// <summary>Converts raw text values to a parameter's type: string, bool, numbers, enums, paths, arrays, nullables.</summary>
public static class ParameterConverter
{
    /// <summary>Converts <paramref name="values"/> (one per item for arrays) or throws a one-line <see cref="ParameterException"/>.</summary>
    public static object? Convert(ParameterDescriptor parameter, IReadOnlyList<string> values, string source, AbsolutePath root)
    {
        var type = parameter.ValueType;
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var items = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var array = Array.CreateInstance(elementType, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(ConvertOne(parameter, elementType, items[i], source, root), i);
            }

            return array;
        }

        if (values.Count == 0)
        {
            return type == typeof(bool)
                ? true
                : throw new ParameterException($"Parameter {parameter.CliName} needs a value ({Describe(type)}) ({source}).");
        }

        if (values.Count > 1)
        {
            throw new ParameterException(
                $"Parameter {parameter.CliName} takes one value but got {values.Count}: {string.Join(" ", values)} ({source}).");
        }

        return ConvertOne(parameter, type, values[0], source, root);
    }

    private static object ConvertOne(ParameterDescriptor parameter, Type type, string value, string source, AbsolutePath root)
    {
        object? result = type switch
        {
            _ when type == typeof(string) => value,
            _ when type == typeof(bool) => bool.TryParse(value, out var b) ? b : value switch
            {
                "1" or "yes" or "on" => true,
                "0" or "no" or "off" => false,
                _ => null,
            },
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) ? m : null,
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) ? t : null,
            _ when type == typeof(Uri) => Uri.TryCreate(value, UriKind.Absolute, out var u) ? u : null,
            _ when type == typeof(AbsolutePath) => value.Length == 0 ? null : new AbsolutePath(Path.Combine(root.Value, value)),
            _ when type.IsEnum => Enum.GetNames(type).FirstOrDefault(n => ParameterNames.Normalize(n) == ParameterNames.Normalize(value))
                is { } name ? Enum.Parse(type, name) : null,
            _ => throw new ParameterException($"Parameter {parameter.CliName} has type {type.Name}, which parameters do not support."),
        };

        return result ?? throw new ParameterException(
            $"Parameter {parameter.CliName}: '{(parameter.IsSecret ? "***" : value)}' is not {Describe(type)} ({source}).");
    }

    /// <summary>What a value of <paramref name="type"/> looks like, for errors and help.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type.IsArray => $"a list of {Describe(type.GetElementType()!)}",
            _ when type == typeof(string) => "a text",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(TimeSpan) => "a duration like 00:05:00",
            _ when type == typeof(Uri) => "an absolute URL",
            _ when type == typeof(AbsolutePath) => "a path",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
            _ => type.Name,
        };
    }
}
