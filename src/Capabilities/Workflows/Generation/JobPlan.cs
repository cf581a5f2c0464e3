namespace Pipeline.Workflows.Generation;

/// <summary>
/// The slice of the target graph one job runs: <c>./build.sh {Targets} --skip {Skips}</c> executes <see cref="Runs"/>.
/// </summary>
public sealed record JobPlan(
    string JobId,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> Runs,
    IReadOnlyList<string> Skips)
{
    /// <summary>Artifacts this job downloads from upstream jobs before running.</summary>
    public IReadOnlyList<ArtifactTransfer> Downloads { get; init; } = [];

    /// <summary>Artifacts this job uploads because a downstream job consumes them.</summary>
    public IReadOnlyList<ArtifactTransfer> Uploads { get; init; } = [];

    /// <summary>Every dependency of <see cref="Targets"/> is skipped: written as <c>--skip</c> without names.</summary>
    public bool SkipsAllDependencies { get; init; }
}

/// <summary>A path produced by <see cref="ProducerTarget"/> in <see cref="ProducerJob"/>, passed on as artifact <see cref="Name"/>.</summary>
public sealed record ArtifactTransfer(string Name, string Path, string ProducerJob, string ProducerTarget)
{
    /// <summary>
    /// Where to download: upload-artifact stores a directory's content, or a single file at the artifact root, so a
    /// file goes back into its parent folder. A path whose last segment has no dot is taken for a directory.
    /// </summary>
    public string DownloadPath
    {
        get
        {
            var slash = Path.LastIndexOf('/');
            var last = Path[(slash + 1)..];
            return !last.Contains('.', StringComparison.Ordinal) ? Path : slash < 0 ? "." : Path[..slash];
        }
    }
}
