using Pipeline.Workflows.Definition;

namespace Pipeline.Components.GitHub;

/// <summary>The workflows whose runs can wait for a reviewer: where <c>Approve</c> and <c>Reject</c> look without <c>--run-id</c>.</summary>
internal static class ReviewedWorkflows
{
    /// <summary>
    /// The files (<c>promote.yml</c>) of the <paramref name="definitions"/> with a deploy job to one of
    /// <paramref name="reviewedEnvironments"/>, in their order; when none has one (nothing declares reviewers, though
    /// GitHub may hold some), of every definition with a deploy job.
    /// </summary>
    public static IReadOnlyList<string> Files(IReadOnlyList<WorkflowDefinition> definitions, IReadOnlyCollection<string> reviewedEnvironments)
    {
        var deploying = definitions.Where(d => d.Jobs.Any(j => j.Environment is not null)).ToList();
        var reviewed = deploying.Where(d => d.Jobs.Any(j => j.Environment is { } environment && reviewedEnvironments.Contains(environment.Name))).ToList();
        return [.. (reviewed.Count > 0 ? reviewed : deploying).Select(d => $"{d.FileName}.yml").Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
