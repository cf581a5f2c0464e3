using System.Reflection;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Parameters;

/// <summary>Finds the parameters a build declares and binds them from their sources.</summary>
public static class ParameterBinder
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Parameters on the class (and its bases) and on the component interfaces it implements; the class wins a name
    /// clash. From the build's generated <see cref="BuildModel"/> when it has one, otherwise from reflection.
    /// </summary>
    public static IReadOnlyList<ParameterDescriptor> Discover(Type buildType)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        var result = new List<ParameterDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in BuildModel.For(buildType)?.Parameters ?? Reflect(buildType))
        {
            if (seen.Add(ParameterNames.Normalize(parameter.Name)))
            {
                result.Add(parameter);
            }
        }

        return result;
    }

    /// <summary>Every [Parameter] member of <paramref name="buildType"/> found by reflection, in the order the generator lists them.</summary>
    internal static IReadOnlyList<ParameterDescriptor> Reflect(Type buildType)
    {
        var chain = new List<Type>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            chain.Insert(0, type);
        }

        var members = new List<MemberInfo>();
        foreach (var type in chain.Concat(buildType.GetInterfaces()))
        {
            // Properties, then fields, as GetMembers orders them, without materialising every method.
            members.AddRange(type.GetProperties(Members));
            members.AddRange(type.GetFields(Members));
        }

        var result = new List<ParameterDescriptor>();
        foreach (var member in members)
        {
            if (!member.IsDefined(typeof(ParameterAttribute), inherit: false))
            {
                continue;
            }

            var attribute = DeclarationOf(member);
            var name = attribute.Name ?? member.Name[(member.Name.LastIndexOf('.') + 1)..];
            Type type;
            Func<object, object?> read;
            Action<object, object?>? inject = null;
            if (member is FieldInfo field)
            {
                (type, read, inject) = (field.FieldType, field.GetValue, field.SetValue);
            }
            else
            {
                var property = (PropertyInfo)member;
                (type, read) = (property.PropertyType, property.GetValue);
                if (property is { CanWrite: true, DeclaringType.IsInterface: false })
                {
                    inject = property.SetValue;
                }
            }

            result.Add(new ParameterDescriptor(name, type, attribute.Description, member.IsDefined(typeof(SecretAttribute)))
            {
                ExtraEnvironmentVariables = attribute.EnvironmentVariables,
                Read = read,
                Inject = inject,
            });
        }

        return result;
    }

    /// <summary>
    /// The member's <see cref="ParameterAttribute"/> read from metadata: instantiating it would run the Name and
    /// EnvironmentVariables setters through reflection, which emits and JIT-compiles a stub per setter on every start.
    /// </summary>
    private static ParameterAttribute DeclarationOf(MemberInfo member)
    {
        var data = member.CustomAttributes.First(a => a.AttributeType == typeof(ParameterAttribute));
        var description = data.ConstructorArguments is [{ Value: string text }] ? text : null;
        var (name, variables) = ((string?)null, Array.Empty<string>());
        foreach (var argument in data.NamedArguments)
        {
            switch (argument.MemberName)
            {
                case nameof(ParameterAttribute.Name):
                    name = (string?)argument.TypedValue.Value;
                    break;
                case nameof(ParameterAttribute.EnvironmentVariables)
                    when argument.TypedValue.Value is IReadOnlyCollection<CustomAttributeTypedArgument> values:
                    variables = new string[values.Count];
                    var i = 0;
                    foreach (var value in values)
                    {
                        variables[i++] = (string)value.Value!;
                    }

                    break;
            }
        }

        return new ParameterAttribute(description) { Name = name, EnvironmentVariables = variables };
    }

    /// <summary>
    /// Binds every parameter from the first source (highest precedence first) that has it, injects settable members, and
    /// records all values in <paramref name="values"/>. Keys no parameter claims are errors, with a suggestion.
    /// </summary>
    public static void Bind(
        object build,
        IReadOnlyList<ParameterDescriptor> parameters,
        IReadOnlyList<ParameterSource> sources,
        ParameterValues values,
        AbsolutePath root,
        IReadOnlySet<string> reservedKeys,
        Action<string>? onSecret = null)
    {
        var known = parameters.ToDictionary(p => ParameterNames.Normalize(p.Name));
        foreach (var source in sources.Where(s => s.HoldsOnlyParameters))
        {
            foreach (var key in source.Values.Keys.Where(k => !known.ContainsKey(k) && !reservedKeys.Contains(k)))
            {
                var hint = NameSuggestion.Closest(key, known.Keys) is { } close ? $" Did you mean {known[close].CliName}?" : "";
                throw new ParameterException($"Unknown parameter '{key}' ({source.Description}).{hint} Run --help to list parameters.");
            }
        }

        foreach (var parameter in parameters)
        {
            var key = ParameterNames.Normalize(parameter.Name);
            var source = sources.FirstOrDefault(s => s.Values.ContainsKey(key));
            if (source is null)
            {
                continue;
            }

            var raw = source.Values[key];
            var value = ParameterConverter.Convert(parameter, raw, source.Describe(key), root);
            if (parameter.IsSecret)
            {
                foreach (var secret in raw)
                {
                    onSecret?.Invoke(secret);
                }
            }

            values.Set(parameter.Name, value, source.Describe(key));
            parameter.Inject?.Invoke(build, value);
        }
    }

    /// <summary>The current value of a parameter member on the build (its default before binding).</summary>
    public static object? Read(object build, ParameterDescriptor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Read(build);
    }
}
