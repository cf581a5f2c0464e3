using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipeline.Engine.Generators;

/// <summary>
/// Finds the build classes of a compilation and describes their members in the order the engine's reflection finds
/// them (class chain base first, then the implemented interfaces; per type, properties then fields, as declared).
/// Describes nothing it cannot name exactly: a generic or inaccessible class, a base class from another assembly (its
/// private members are invisible here), an init-only or write-only member, a type generated code cannot name.
/// </summary>
internal static class BuildClassReader
{
    public static IReadOnlyList<BuildClass> Read(Compilation compilation, CancellationToken ct)
    {
        var known = KnownTypes.From(compilation);
        if (known is null)
        {
            return [];
        }

        var result = new List<BuildClass>();
        foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
        {
            ct.ThrowIfCancellationRequested();
            if (IsBuildClass(type, known) && Describe(type, compilation, known) is { } build)
            {
                result.Add(build);
            }
        }

        return result;
    }

    private static BuildClass? Describe(INamedTypeSymbol type, Compilation compilation, KnownTypes known)
    {
        if (!IsNameable(type, compilation))
        {
            return null;
        }

        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, known.PipelineBuild))
            {
                continue;
            }

            if (!SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, compilation.Assembly) || current.IsGenericType || !IsNameable(current, compilation))
            {
                return null;
            }

            chain.Insert(0, current);
        }

        var interfaces = RuntimeOrder(type);
        if (interfaces.Any(i => !IsNameable(i, compilation)))
        {
            return null;
        }

        // Generated code reaches an explicit implementation through its interface, which dispatches to the most derived
        // one; reflection calls each class's own. Only when two classes of the chain implement the same member do they differ.
        var implemented = chain.SelectMany(c => c.GetMembers().OfType<IPropertySymbol>()).SelectMany(p => p.ExplicitInterfaceImplementations).ToList();
        if (implemented.Distinct<IPropertySymbol>(SymbolEqualityComparer.Default).Count() != implemented.Count)
        {
            return null;
        }

        var build = new BuildClass(Name(type))
        {
            HasConstructor = type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && IsAccessible(c, compilation)),
        };
        var accessors = new Accessors(build, known.UnsafeAccessor is not null);
        foreach (var owner in chain)
        {
            foreach (var property in owner.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && !property.IsIndexer && SymbolEqualityComparer.Default.Equals(property.Type, known.Target))
                {
                    if (ReadClassProperty(property, owner, compilation, accessors) is not { } read)
                    {
                        return null;
                    }

                    build.Targets.Add(new TargetEntry(SimpleName(property.Name), read));
                }
            }
        }

        foreach (var owner in interfaces)
        {
            foreach (var property in owner.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.GetMethod is { IsStatic: false } && SymbolEqualityComparer.Default.Equals(property.Type, known.Target))
                {
                    build.Targets.Add(new TargetEntry(property.Name, $"(({Name(owner)})b).{Identifier(property.Name)}"));
                }
            }
        }

        foreach (var owner in chain.Concat(interfaces))
        {
            var members = owner.GetMembers();
            foreach (var member in members.OfType<IPropertySymbol>().Cast<ISymbol>().Concat(members.OfType<IFieldSymbol>()))
            {
                if (member.IsStatic || member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.Parameter)) is not { } attribute)
                {
                    continue;
                }

                if (Parameter(member, owner, attribute, compilation, known, accessors) is not { } parameter)
                {
                    return null;
                }

                build.Parameters.Add(parameter);
            }
        }

        return build;
    }

    private static string? ReadClassProperty(IPropertySymbol property, INamedTypeSymbol owner, Compilation compilation, Accessors accessors)
    {
        if (property.GetMethod is null)
        {
            return null;
        }

        if (property.ExplicitInterfaceImplementations.FirstOrDefault() is { } implemented)
        {
            // Through the interface: it dispatches to this implementation, as reflection's call of it does.
            return $"(({Name(implemented.ContainingType)})b).{Identifier(implemented.Name)}";
        }

        return IsAccessible(property.GetMethod, compilation)
            ? $"(({Name(owner)})b).{Identifier(property.Name)}"
            : accessors.Getter(property, owner);
    }

    private static ParameterEntry? Parameter(ISymbol member, INamedTypeSymbol owner, AttributeData attribute, Compilation compilation, KnownTypes known, Accessors accessors)
    {
        var memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
        if (!IsNameable(memberType, compilation))
        {
            return null;
        }

        var typeName = TypeName(memberType);
        var cast = $"(({Name(owner)})b)";
        string? read;
        string? inject = null;
        switch (member)
        {
            case IFieldSymbol f when owner.TypeKind == TypeKind.Class:
                if (!f.IsReadOnly && IsAccessible(f, compilation))
                {
                    read = $"{cast}.{Identifier(f.Name)}";
                    inject = $"{read} = {Unbox(typeName)}";
                }
                else
                {
                    read = accessors.Field(f, owner, typeName);
                    inject = read is null ? null : $"{read} = {Unbox(typeName)}";
                }

                break;
            case IPropertySymbol p when owner.TypeKind == TypeKind.Interface:
                read = p.GetMethod is null ? null : $"{cast}.{Identifier(p.Name)}";
                break;
            case IPropertySymbol p:
                read = ReadClassProperty(p, owner, compilation, accessors);
                if (p.SetMethod is { } setter)
                {
                    if (setter.IsInitOnly || p.ExplicitInterfaceImplementations.Length > 0)
                    {
                        return null;
                    }

                    inject = IsAccessible(setter, compilation)
                        ? $"{cast}.{Identifier(p.Name)} = {Unbox(typeName)}"
                        : accessors.Setter(p, owner, typeName, Unbox(typeName));
                    if (inject is null)
                    {
                        return null;
                    }
                }

                break;
            default:
                return null;
        }

        if (read is null)
        {
            return null;
        }

        var name = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? SimpleName(member.Name);
        var description = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        var variables = attribute.NamedArguments.FirstOrDefault(a => a.Key == "EnvironmentVariables").Value is { Kind: TypedConstantKind.Array } array
            ? array.Values.Select(v => v.Value as string ?? "").ToList()
            : [];
        var secret = member.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.Secret));
        return new ParameterEntry(name, typeName, description, secret, variables, read, inject);
    }

    /// <summary>
    /// The interfaces in the order <c>Type.GetInterfaces()</c> returns them: the base class's first, then the class's
    /// own as the compiler emits them (each declared interface followed by its base interfaces), without repeats.
    /// </summary>
    private static List<INamedTypeSymbol> RuntimeOrder(INamedTypeSymbol type)
    {
        var result = type.BaseType is { } baseType ? RuntimeOrder(baseType) : [];
        var seen = new HashSet<INamedTypeSymbol>(result, SymbolEqualityComparer.Default);
        var emitted = type.DeclaringSyntaxReferences.Length == 0
            ? type.Interfaces.ToList()
            : type.Interfaces.SelectMany(i => new[] { i }.Concat(i.AllInterfaces)).ToList();
        foreach (var candidate in emitted)
        {
            if (seen.Add(candidate))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private static string Unbox(string typeName) => $"v is null ? default({typeName}) : ({typeName})v";

    private static bool IsBuildClass(INamedTypeSymbol type, KnownTypes known)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            return false;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, known.PipelineBuild))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol inner)
            {
                if (inner is INamedTypeSymbol type)
                {
                    yield return type;
                }

                foreach (var nested in AllTypes(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Whether generated code at the assembly's top level can name <paramref name="type"/> (in <c>typeof</c>, casts).</summary>
    private static bool IsNameable(ITypeSymbol type, Compilation compilation) => type switch
    {
        IArrayTypeSymbol array => IsNameable(array.ElementType, compilation),
        INamedTypeSymbol named => named.TypeKind != TypeKind.Error && !named.IsFileLocal && IsAccessible(named, compilation)
            && named.TypeArguments.All(t => IsNameable(t, compilation))
            && (named.ContainingType is null || IsNameable(named.ContainingType, compilation)),
        _ => false,
    };

    private static bool IsAccessible(ISymbol symbol, Compilation compilation) => compilation.IsSymbolAccessibleWithin(symbol, compilation.Assembly);

    internal static string Name(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static string TypeName(ITypeSymbol type) =>
        Name(type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type);

    /// <summary><c>Pipeline.Components.IPublish.PublishProject</c> (an explicit implementation) → <c>PublishProject</c>.</summary>
    private static string SimpleName(string name) => name.Substring(name.LastIndexOf('.') + 1);

    internal static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
