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

    /// <summary>The arguments after <c>dotnet</c> that run <paramref name="dll"/>, as <see cref="ArgumentsFor(string, string?)"/> with the entry assembly.</summary>
    public static IReadOnlyList<string> ArgumentsFor(string dll) => ArgumentsFor(dll, Assembly.GetEntryAssembly()?.Location);

    /// <summary>
    /// The arguments after <c>dotnet</c> that run <paramref name="dll"/>. From a NuGet package a referenced executable
    /// (the edge, the local ECS) is not an entry point, so no runtimeconfig.json of its own is copied: it then runs with
    /// <paramref name="entryAssembly"/>'s runtimeconfig and deps, which carry the frameworks the package asks for.
    /// </summary>
    public static IReadOnlyList<string> ArgumentsFor(string dll, string? entryAssembly)
    {
        ArgumentNullException.ThrowIfNull(dll);
        if (File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")) || string.IsNullOrEmpty(entryAssembly))
        {
            return [dll];
        }

        var runtimeConfig = Path.ChangeExtension(entryAssembly, ".runtimeconfig.json");
        var deps = Path.ChangeExtension(entryAssembly, ".deps.json");
        return File.Exists(runtimeConfig)
            ? ["exec", "--runtimeconfig", runtimeConfig, .. File.Exists(deps) ? new[] { "--depsfile", deps } : [], dll]
            : [dll];
    }
}
