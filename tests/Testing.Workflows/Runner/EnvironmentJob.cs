namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// A job that names an environment, as GitHub sees it around the job: its run (the run's workflow file, and its title
/// from the workflow's <c>run-name</c>), its commit, its <c>environment.url</c> when it ended.
/// </summary>
public sealed record EnvironmentJob(string Job, string Environment, string Sha, long RunId)
{
    /// <summary>The file of the run's workflow, e.g. <c>promote.yml</c>.</summary>
    public string Workflow { get; init; } = "delivery.yml";

    public string? RunName { get; init; }

    public string? Url { get; init; }
}
