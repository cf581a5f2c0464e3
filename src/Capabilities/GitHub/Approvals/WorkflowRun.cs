using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Approvals;

/// <summary>A workflow run as the approval commands show it.</summary>
public sealed partial record WorkflowRun(long Id, string Sha, string? Branch, string? TriggeredBy, string? Title, string? Url)
{
    /// <summary>The file of the run's workflow (e.g. <c>promote.yml</c>), when it was looked up by workflow; else null.</summary>
    public string? Workflow { get; init; }

    /// <summary>When GitHub created the run (<c>created_at</c>); null when GitHub did not say.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>
    /// The image digests a promote run deploys, read from its title (the generated promote workflow's <c>run-name</c>:
    /// <c>Promote &lt;images&gt; to &lt;environment&gt;</c>; GitHub's API shows no dispatch inputs); empty for another run.
    /// </summary>
    public IReadOnlyList<string> PromotedDigests =>
        PromoteTitle().Match(Title ?? "") is { Success: true } promote
            ? [.. Digest().Matches(promote.Groups["images"].Value).Select(m => m.Value).Distinct(StringComparer.Ordinal)]
            : [];

    internal static WorkflowRun From(JsonElement run) => new(
        run.Long("id") ?? 0,
        run.String("head_sha") ?? "",
        run.String("head_branch"),
        run.Member("triggering_actor")?.String("login") ?? run.Member("actor")?.String("login"),
        run.String("display_title"),
        run.String("html_url"))
    {
        Created = DateTimeOffset.TryParse(run.String("created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : null,
    };

    [GeneratedRegex(@"^Promote (?<images>\S+) to \S+$", RegexOptions.CultureInvariant)]
    private static partial Regex PromoteTitle();

    [GeneratedRegex("sha256:[0-9a-f]{64}", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();
}
