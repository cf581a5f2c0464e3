namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// A job that names an environment, as GitHub sees it around the job: its run (and the run's title, from the workflow's
/// <c>run-name</c>), its commit, its <c>environment.url</c> when it ended.
/// </summary>
public sealed record EnvironmentJob(string Job, string Environment, string Sha, long RunId)
{
    public string? RunName { get; init; }

    public string? Url { get; init; }
}
