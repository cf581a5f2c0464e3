using System.Reflection;
using System.Runtime.InteropServices;

namespace Pipeline.Foundation.Processes;

/// <summary>Finds the <c>dotnet</c> host to run .NET children with, and the arguments that run one of their dlls.</summary>
public static class DotnetHost
{
    private static string ExecutableName => OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    /// <summary>
    /// The dotnet host running us (so children run on the same runtime), else <c>DOTNET_HOST_PATH</c> (the SDK sets it
    /// for tools and tests), else the host next to the running runtime, else dotnet on PATH; plain <c>dotnet</c> when
    /// none is found (starting it then fails with the shell's "not found").
    /// </summary>
    public static string Find() => Find(
        Environment.ProcessPath,
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
        RuntimeEnvironment.GetRuntimeDirectory(),
        Environment.GetEnvironmentVariable("PATH"));

    internal static string Find(string? processPath, string? hostPathVariable, string runtimeDirectory, string? path)
    {
        if (processPath is not null && Path.GetFileName(processPath) == ExecutableName)
        {
            return processPath;
        }

        if (hostPathVariable is { Length: > 0 } && File.Exists(hostPathVariable))
        {
            return hostPathVariable;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var besideRuntime = Path.Combine(Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..")), ExecutableName);
        if (File.Exists(besideRuntime))
        {
            return besideRuntime;
        }

        return (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, ExecutableName))
            .FirstOrDefault(File.Exists) ?? ExecutableName;
    }

    /// <summary>
    /// The arguments after <c>dotnet</c> that run <paramref name="dll"/>, as <see cref="ArgumentsFor(string, string?, string?)"/>
    /// with this process's entry assembly and the deps file its host was started with.
    /// </summary>
    public static IReadOnlyList<string> ArgumentsFor(string dll) =>
        ArgumentsFor(dll, Assembly.GetEntryAssembly()?.Location, AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string);

    /// <summary>
    /// The arguments after <c>dotnet</c> that run <paramref name="dll"/>. From a NuGet package a referenced executable
    /// (the edge, the local ECS) is not an entry point, so no runtimeconfig.json of its own is copied: it then runs with
    /// <paramref name="entryAssembly"/>'s runtimeconfig and deps, which carry the frameworks the package asks for. A
    /// process that was itself started that way (the local ECS starting an edge) has an entry assembly without a
    /// runtimeconfig: it passes the deps file its host used (<paramref name="hostDepsFiles"/>, the runtime's
    /// <c>APP_CONTEXT_DEPS_FILES</c>), whose runtimeconfig sits beside it.
    /// </summary>
    public static IReadOnlyList<string> ArgumentsFor(string dll, string? entryAssembly, string? hostDepsFiles = null)
    {
        ArgumentNullException.ThrowIfNull(dll);
        if (File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            return [dll];
        }

        var hostDeps = hostDepsFiles?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        (string Config, string Deps)?[] candidates =
        [
            string.IsNullOrEmpty(entryAssembly) ? null : (Config: Path.ChangeExtension(entryAssembly, ".runtimeconfig.json"), Deps: Path.ChangeExtension(entryAssembly, ".deps.json")),
            hostDeps is null || !hostDeps.EndsWith(".deps.json", StringComparison.Ordinal)
                ? null
                : (Config: hostDeps[..^".deps.json".Length] + ".runtimeconfig.json", Deps: hostDeps),
        ];
        foreach (var candidate in candidates)
        {
            if (candidate is { } c && File.Exists(c.Config))
            {
                return ["exec", "--runtimeconfig", c.Config, .. File.Exists(c.Deps) ? new[] { "--depsfile", c.Deps } : [], dll];
            }
        }

        return [dll];
    }
}
