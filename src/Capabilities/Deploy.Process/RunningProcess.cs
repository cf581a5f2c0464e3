using System.Globalization;

namespace Pipeline.Deploy.Process;

/// <summary>A process of this user found in <c>/proc</c>: its arguments and the environment it was started with.</summary>
internal sealed record RunningProcess(int Pid, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>
    /// The processes with an argument under <paramref name="directory"/> (e.g. a release copy's dll). Empty where there
    /// is no <c>/proc</c> (not Linux).
    /// </summary>
    public static IReadOnlyList<RunningProcess> WithArgumentUnder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var prefix = Path.GetFullPath(directory).TrimEnd('/') + "/";
        var found = new List<RunningProcess>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == System.Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var arguments = Split(File.ReadAllText(Path.Combine(folder, "cmdline")));
                if (!arguments.Any(a => a.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                var environment = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in Split(File.ReadAllText(Path.Combine(folder, "environ"))))
                {
                    var equals = entry.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        environment[entry[..equals]] = entry[(equals + 1)..];
                    }
                }

                found.Add(new RunningProcess(pid, arguments, environment));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // ended while we looked, or not ours
            }
        }

        return found;
    }

    private static string[] Split(string text) => text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
