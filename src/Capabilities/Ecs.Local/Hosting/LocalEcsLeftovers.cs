using Pipeline.Aws.Local.Hosting;
using Pipeline.Deploy.Edge;

namespace Pipeline.Ecs.Local.Hosting;

/// <summary>
/// What runs for a local ECS state directory, found by command line and not by its files (a deleted state folder
/// leaves them running): its API processes (<c>Pipeline.Ecs.Local.dll serve --state-dir &lt;dir&gt;</c>) and its
/// listeners' edge processes (<c>Pipeline.Deploy.Edge.dll --state-dir &lt;dir&gt;/edges/…</c>). Task containers are
/// found by their Docker label instead (<see cref="StateDirectoryId"/>).
/// </summary>
internal static class LocalEcsLeftovers
{
    public static IReadOnlyList<int> ApiProcesses(string stateDirectory)
    {
        var dir = Path.GetFullPath(stateDirectory);
        return RunningProcesses.Matching(a =>
            RunningProcesses.Runs(a, LocalEcs.AssemblyFileName) && a.Contains("serve") && RunningProcesses.ValueOf(a, "--state-dir") == dir);
    }

    public static IReadOnlyList<Edge> Edges(string stateDirectory)
    {
        var edges = Path.Combine(Path.GetFullPath(stateDirectory), "edges") + Path.DirectorySeparatorChar;
        return [.. RunningProcesses.Matching(a =>
                RunningProcesses.Runs(a, EdgeProcess.AssemblyFileName) && RunningProcesses.ValueOf(a, "--state-dir")?.StartsWith(edges, StringComparison.Ordinal) == true)
            .Select(pid => RunningProcesses.CommandLineOf(pid) is { } a
                ? new Edge(pid, [.. new[] { RunningProcesses.ValueOf(a, "--port"), RunningProcesses.ValueOf(a, "--test-port") }.OfType<string>()])
                : new Edge(pid, []))];
    }

    /// <summary>An edge process serving a service's listeners on 127.0.0.1 (production port first).</summary>
    internal sealed record Edge(int Pid, IReadOnlyList<string> Ports)
    {
        public override string ToString() =>
            $"listener {string.Join(" and ", Ports.Select(p => $"127.0.0.1:{p}"))} (edge pid {Pid})";
    }
}
