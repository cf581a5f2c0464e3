using System.Text.Json;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Approvals;

/// <summary>A workflow run as the approval commands show it.</summary>
public sealed record WorkflowRun(long Id, string Sha, string? Branch, string? TriggeredBy, string? Title, string? Url)
{
    internal static WorkflowRun From(JsonElement run) => new(
        run.Long("id") ?? 0,
        run.String("head_sha") ?? "",
        run.String("head_branch"),
        run.Member("triggering_actor")?.String("login") ?? run.Member("actor")?.String("login"),
        run.String("display_title"),
        run.String("html_url"));
}
