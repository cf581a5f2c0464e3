using System.Diagnostics;

namespace Pipeline.Foundation.Processes;

/// <summary>
/// Starts long-lived children that outlive the caller (the edge, the local ECS, the process platform's apps): in their
/// own session (setsid), so the build's Ctrl-C, hang-up and exit leave them running, with stdin from /dev/null and
/// stdout/stderr appended to a log file, so a CI step does not wait on pipes the child still holds.
/// </summary>
public static class DetachedProcess
{
    /// <summary>The variable a detached child finds its log file in (the process platform reads it back from <c>/proc</c>).</summary>
    public const string LogVariable = "PIPELINE_PROCESS_LOG";

    /// <summary>
    /// Starts <paramref name="arguments"/> (program first) detached, output appended to <paramref name="logPath"/>, with
    /// the caller's environment minus its URLs (a server child must not bind the caller's <c>ASPNETCORE_URLS</c>) plus
    /// <paramref name="environment"/>. The returned process is the program itself (the shell wrapper execs it). Where the
    /// OS cannot redirect a detached child's output (Windows) the program runs directly, with
    /// <paramref name="logArgumentsOnWindows"/> appended so it writes its log itself.
    /// </summary>
    public static Process Start(
        IReadOnlyList<string> arguments,
        string workingDirectory,
        string logPath,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? logArgumentsOnWindows = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0)
        {
            throw new ArgumentException("a detached process needs a program to run", nameof(arguments));
        }

        var start = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = workingDirectory };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = arguments[0];
            start.CreateNoWindow = true;
            foreach (var arg in arguments.Skip(1).Concat(logArgumentsOnWindows ?? []))
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            var setsid = FindOnPath("setsid");
            start.FileName = setsid ?? "/bin/sh";
            var wrapper = new List<string>();
            if (setsid is not null)
            {
                wrapper.Add("/bin/sh");
            }

            wrapper.AddRange(["-c", $"exec \"$@\" </dev/null >>\"${LogVariable}\" 2>&1", Path.GetFileName(arguments[0])]);
            foreach (var arg in wrapper.Concat(arguments))
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.Environment[LogVariable] = logPath;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {arguments[0]}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/bin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
