using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Generation;

/// <summary>
/// The build project compiled once per run (<see cref="Definition.WorkflowDefinition.CompileBuildOnce"/>): a first job
/// compiles it and uploads <c>build/bin</c> with the stamp that records the committed inputs it was compiled from; every
/// job on the same runner image downloads it after checkout, and <c>build.sh</c> finds the same inputs and starts it
/// without compiling. The first job restores from the feed, not the package cache: what it compiles later runs in jobs
/// that hold cloud credentials.
/// </summary>
public static class SharedBuildProject
{
    public const string JobId = "build-project";
    public const string Artifact = "build-project";

    /// <summary>What the artifact holds: the compiled build and the stamps <c>build.sh</c>/<c>build.ps1</c> compare.</summary>
    public static IReadOnlyList<string> Paths { get; } = ["build/bin", ".nuke/temp/build.stamp", ".nuke/temp/build.stamp.inputs"];

    /// <summary>
    /// <paramref name="jobs"/> with the compiling job first and every job on its runner image running after it (directly
    /// or through another such job) and downloading its artifact after the setup steps; unchanged when fewer than two
    /// jobs run the build.
    /// </summary>
    public static IReadOnlyList<Job> Apply(IReadOnlyList<Job> jobs, WorkflowOptions options)
    {
        var runner = jobs.FirstOrDefault(j => j.Uses is null)?.RunsOn;
        var sharing = jobs.Where(j => j.Uses is null && j.RunsOn == runner).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        if (sharing.Count < 2)
        {
            return jobs;
        }

        var download = Step.Action("Download the compiled build project", options.Pins.DownloadArtifact, new Dictionary<string, string>
        {
            ["name"] = Artifact,
        });
        return [CompilingJob(runner!, options), .. jobs.Select(job => sharing.Contains(job.Id)
            ? job with
            {
                // A job needing another sharing job already runs after the compiling one.
                Needs = job.Needs.Any(sharing.Contains) ? job.Needs : [JobId, .. job.Needs],
                Steps = WithDownload(job.Steps, download, options.Pins),
            }
            : job)];
    }

    private static Job CompilingJob(string runner, WorkflowOptions options) => new(JobId)
    {
        Name = "Compile the build project",
        RunsOn = runner,
        Permissions = Permissions.ContentsRead,
        TimeoutMinutes = 15,
        Shell = "bash",
        Steps =
        [
            .. DotNetSteps.Setup(options, restoreCache: false),
            Step.Script("Compile the build project", $"{options.BuildScript} --help >/dev/null"),
            Step.Action("Upload the compiled build project", options.Pins.UploadArtifact, new Dictionary<string, string>
            {
                ["name"] = Artifact,
                ["path"] = string.Join('\n', Paths),
                ["include-hidden-files"] = "true",
                ["if-no-files-found"] = "error",
                ["retention-days"] = "1",
            }),
        ],
    };

    /// <summary>The download goes right after checkout and SDK setup (and the package cache), before anything runs the build.</summary>
    private static IReadOnlyList<Step> WithDownload(IReadOnlyList<Step> steps, Step download, ActionPins pins)
    {
        var setup = steps.TakeWhile(s => s.Uses == pins.Checkout || s.Uses == pins.SetupDotNet || s.Uses == pins.Cache).Count();
        return [.. steps.Take(setup), download, .. steps.Skip(setup)];
    }
}
