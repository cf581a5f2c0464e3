using System.Globalization;
using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Edge;

/// <summary>
/// What it takes to start a running process again, read from <c>/proc</c> while it runs: its command line, working
/// folder, environment and log (<see cref="DetachedProcess.LogVariable"/>). Held in memory only: the environment may
/// carry secrets.
/// </summary>
internal sealed record ProcessImage(
    IReadOnlyList<string> Command, string Directory, IReadOnlyDictionary<string, string> Environment, string LogFile)
{
    /// <summary>The image of <paramref name="pid"/>, or null with <paramref name="problem"/> when it cannot be read (gone, not ours, no /proc).</summary>
    public static ProcessImage? Read(int pid, string fallbackLog, out string? problem)
    {
        problem = null;
        var folder = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            var command = Split(File.ReadAllText(Path.Combine(folder, "cmdline")));
            var directory = new DirectoryInfo(Path.Combine(folder, "cwd")).LinkTarget;
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in Split(File.ReadAllText(Path.Combine(folder, "environ"))))
            {
                var equals = entry.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    environment[entry[..equals]] = entry[(equals + 1)..];
                }
            }

            if (command.Length == 0 || directory is null)
            {
                problem = $"pid {pid} has no command line or working folder to start again (a zombie?)";
                return null;
            }

            return new ProcessImage(command, directory, environment, environment.GetValueOrDefault(DetachedProcess.LogVariable) ?? fallbackLog);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read /proc of pid {pid} ({e.Message})";
            return null;
        }
    }

    /// <summary>
    /// Starts the process again with exactly the environment it had, output appended to its log. The edge already runs in
    /// its own session, so the child needs no setsid of its own (which would fork where the edge leads a process group,
    /// and the pid known would not be the program's).
    /// </summary>
    public System.Diagnostics.Process Start()
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Directory };
        foreach (var argument in new[] { "-c", $"exec \"$@\" </dev/null >>\"${DetachedProcess.LogVariable}\" 2>&1", Path.GetFileName(Command[0]) }.Concat(Command))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment[DetachedProcess.LogVariable] = LogFile;
        return System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {Command[0]}");
    }

    private static string[] Split(string text) => text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
