using System.Globalization;

namespace Pipeline.Foundation.Processes;

/// <summary>
/// A process that was killed but not yet reaped (a zombie: its parent, often an init that reaps late, has not waited for
/// it) still has a pid and a start time, yet runs nothing: liveness checks must count it dead.
/// </summary>
public static class ProcessLiveness
{
    /// <summary>True when <c>/proc/&lt;pid&gt;/stat</c> says the process is a zombie (Z) or dead (X); false elsewhere.</summary>
    public static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')'); // the command name may hold spaces and parentheses
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
