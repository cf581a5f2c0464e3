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

    /// <summary>Starts the process again, detached like the first time; the environment is the one it had.</summary>
    public System.Diagnostics.Process Start() => DetachedProcess.Start(Command, Directory, LogFile, Environment);

    private static string[] Split(string text) => text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
