using System.Reflection;
using PublicApiGenerator;

namespace Pipeline.PublicApi.Tests;

/// <summary>
/// The public surface of an assembly as text: every public and protected type and member with its signature, in C#
/// syntax, ordered by namespace and name (PublicApiGenerator), after a header naming the command that regenerates it.
/// </summary>
public static class ApiSurface
{
    /// <summary>The command that writes every approved file anew.</summary>
    public const string ApproveCommand = "./build.sh ApiSnapshot";

    // A new one per call: generating for a list of types sets the options' IncludeTypes. Assembly attributes (versions,
    // InternalsVisibleTo) are not surface a user calls.
    private static ApiGeneratorOptions Options => new() { IncludeAssemblyAttributes = false };

    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Text(assembly.GetName().Name!, assembly.GeneratePublicApi(Options));
    }

    /// <summary>The surface of <paramref name="types"/> alone, under the title <paramref name="name"/>.</summary>
    public static string Of(string name, params Type[] types) => Text(name, types.GeneratePublicApi(Options));

    private static string Text(string name, string api) =>
        $"// The public API of {name}. Generated: {ApproveCommand} writes it anew; review its diff.\n"
        + api.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
