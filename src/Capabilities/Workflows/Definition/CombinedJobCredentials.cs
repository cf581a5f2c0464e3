using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Definition;

/// <summary>
/// The credentials of a job that signs in to several clouds (an environment whose services run on different platforms):
/// each one's steps in turn, the union of their variables, and each permission scope at the highest level any asks.
/// </summary>
internal sealed record CombinedJobCredentials(IReadOnlyList<JobCredentials> Parts) : JobCredentials
{
    public override IReadOnlyList<PermissionScope> Permissions =>
        [.. Parts.SelectMany(p => p.Permissions).GroupBy(s => s.Name, StringComparer.Ordinal).Select(g => g.MaxBy(s => s.Level)!)];

    public override IReadOnlyList<string> Variables => [.. Parts.SelectMany(p => p.Variables).Distinct(StringComparer.Ordinal)];

    public override IEnumerable<Step> Steps(WorkflowOptions options) => Parts.SelectMany(p => p.Steps(options));

    public bool Equals(CombinedJobCredentials? other) => other is not null && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => Parts.Aggregate(0, HashCode.Combine);
}
