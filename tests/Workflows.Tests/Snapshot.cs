using System.Runtime.CompilerServices;
using Pipeline.Foundation.Text;

namespace Pipeline.Workflows.Tests;

/// <summary>
/// Compares text with <c>Snapshots/&lt;name&gt;.verified.yml</c> next to the calling test. On a mismatch it writes
/// <c>.received.yml</c> and fails with a diff; with ACCEPT_SNAPSHOTS=1 it writes the verified file instead.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verified = Path.Combine(directory, $"{name}.verified.yml");
        var received = Path.Combine(directory, $"{name}.received.yml");
        if (Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        var reason = expected is null ? $"no snapshot {verified} yet" : $"{verified} differs from {received}";
        Assert.Fail($"{reason}; review, then rerun with ACCEPT_SNAPSHOTS=1 to accept.\n"
            + LineDiff.Unified(expected ?? "", actual, $"{name}.verified.yml", $"{name}.received.yml"));
    }
}
