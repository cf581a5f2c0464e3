using System.Globalization;

namespace Pipeline.GitHub.Approvals;

/// <summary>
/// The runs of several workflows that wait for review, newest first (GitHub's <c>created_at</c>, then the run id): the
/// newest is the one reviewed without <c>--run-id</c>, and the others are named so nobody reviews the wrong one by accident.
/// </summary>
public sealed class WaitingRuns
{
    /// <param name="workflows">The workflow files searched, e.g. <c>delivery.yml</c>, <c>promote.yml</c>.</param>
    /// <param name="runs">Their waiting runs, in any order.</param>
    /// <param name="missing">The searched workflow files GitHub does not know (not pushed to the repository yet).</param>
    public WaitingRuns(IReadOnlyList<string> workflows, IEnumerable<WorkflowRun> runs, IReadOnlyList<string>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(runs);
        Workflows = workflows;
        Missing = missing ?? [];
        Runs = [.. runs.DistinctBy(r => r.Id).OrderByDescending(r => r.Created ?? DateTimeOffset.MinValue).ThenByDescending(r => r.Id)];
    }

    public IReadOnlyList<string> Workflows { get; }

    public IReadOnlyList<string> Missing { get; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<WorkflowRun> Runs { get; }

    /// <summary>The run reviewed without <c>--run-id</c>; null when none waits.</summary>
    public WorkflowRun? Newest => Runs.Count > 0 ? Runs[0] : null;

    /// <summary>The one line saying that no run waits, naming every workflow searched.</summary>
    public string NothingWaiting
    {
        get
        {
            var unknown = Missing.Count == 0 ? "" : $" (GitHub knows no workflow {Names(Missing)} in this repository)";
            return $"no run of {Names(Workflows)} is waiting for review{unknown}; pass --run-id to review another run";
        }
    }

    /// <summary>
    /// When more than one run waits: which one is reviewed and, one line each, the others with their <c>--run-id</c>;
    /// nothing when at most one waits.
    /// </summary>
    public IReadOnlyList<string> Choice()
    {
        if (Runs.Count < 2)
        {
            return [];
        }

        return
        [
            $"{Runs.Count} runs wait for review; this reviews the newest, {Describe(Runs[0])}. Left waiting (pass --run-id to review one of them instead):",
            .. Runs.Skip(1).Select(r => "  " + Line(r)),
        ];
    }

    private static string Describe(WorkflowRun run)
    {
        var parts = new List<string> { $"run {run.Id.ToString(CultureInfo.InvariantCulture)}" };
        if (run.Workflow is { } workflow)
        {
            parts.Add($"of {workflow}");
        }

        if (run.Title is { } title)
        {
            parts.Add($"\"{title}\"");
        }

        if (run.Created is { } created)
        {
            parts.Add($"created {When(created)}");
        }

        return string.Join(" ", parts);
    }

    private static string Line(WorkflowRun run)
    {
        var parts = new List<string> { $"--run-id {run.Id.ToString(CultureInfo.InvariantCulture)}" };
        parts.AddRange(new[] { run.Workflow, run.Title is { } title ? $"\"{title}\"" : null, run.Created is { } created ? $"created {When(created)}" : null, run.Url }.OfType<string>());
        return string.Join("  ", parts);
    }

    private static string When(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Names(IReadOnlyList<string> files) => files.Count switch
    {
        0 => "any workflow",
        1 => files[0],
        _ => $"{string.Join(", ", files.Take(files.Count - 1))} or {files[^1]}",
    };
}
