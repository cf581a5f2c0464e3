using Microsoft.CodeAnalysis;

namespace Pipeline.Engine.Generators;

/// <summary>
/// <c>[UnsafeAccessor]</c> methods for the members generated code may not name (private targets, readonly [Parameter]
/// fields, private setters): the runtime binds them to the member, no reflection involved. Each returns the expression
/// that reads or assigns through it, or null when the runtime has no UnsafeAccessor (before .NET 8).
/// </summary>
internal sealed class Accessors(BuildClass build, bool available)
{
    private const string Attribute = "global::System.Runtime.CompilerServices.UnsafeAccessor";
    private const string Kind = "global::System.Runtime.CompilerServices.UnsafeAccessorKind";

    public string? Getter(IPropertySymbol property, INamedTypeSymbol owner)
    {
        if (!available || property.GetMethod is null)
        {
            return null;
        }

        var name = Add($"[{Attribute}({Kind}.Method, Name = \"{property.GetMethod.MetadataName}\")] private static extern {BuildClassReader.Name(property.Type)} {{0}}({BuildClassReader.Name(owner)} build);");
        return $"{name}(({BuildClassReader.Name(owner)})b)";
    }

    public string? Setter(IPropertySymbol property, INamedTypeSymbol owner, string typeName, string value)
    {
        if (!available || property.SetMethod is null)
        {
            return null;
        }

        var name = Add($"[{Attribute}({Kind}.Method, Name = \"{property.SetMethod.MetadataName}\")] private static extern void {{0}}({BuildClassReader.Name(owner)} build, {typeName} value);");
        return $"{name}(({BuildClassReader.Name(owner)})b, {value})";
    }

    /// <summary>A field by reference: the expression both reads it and, as an assignment's left side, writes it.</summary>
    public string? Field(IFieldSymbol field, INamedTypeSymbol owner, string typeName)
    {
        if (!available)
        {
            return null;
        }

        var name = Add($"[{Attribute}({Kind}.Field, Name = \"{field.MetadataName}\")] private static extern ref {typeName} {{0}}({BuildClassReader.Name(owner)} build);");
        return $"{name}(({BuildClassReader.Name(owner)})b)";
    }

    private string Add(string declaration)
    {
        var name = "Access" + build.Accessors.Count;
        build.Accessors.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, declaration, name));
        return name;
    }
}
