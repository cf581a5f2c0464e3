using Pipeline.Engine.Tools;

namespace Pipeline.Components.Versioning;

/// <summary>
/// What a version is computed from: the commits reachable from HEAD with their parents, the tags on them, and the state
/// of the work tree.
/// </summary>
/// <param name="Head">The commit checked out.</param>
/// <param name="Parents">Each reachable commit's parents (first parent first); a commit whose parents a shallow clone lacks has none.</param>
/// <param name="Tags">The tag names on each tagged commit.</param>
/// <param name="Dirty">The work tree differs from <paramref name="Head"/>.</param>
/// <param name="Shallow">The clone is shallow: history and tags may be missing.</param>
public sealed record GitHistory(
    string Head,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Parents,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tags,
    bool Dirty = false,
    bool Shallow = false)
{
    /// <summary>
    /// The version of <see cref="Head"/>, walked as MinVer walks (first parents first, each commit once): every path
    /// ends at the first commit carrying a version tag, or at a first commit (the initial version); the highest version
    /// found wins, the first found among equals, and the commits walked to it are its height.
    /// </summary>
    public GitVersion Version()
    {
        var candidates = new List<(SemanticVersion Version, int Height, string? Tag)>();
        var walked = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Commit, int Height)>();
        pending.Push((Head, 0));
        while (pending.TryPop(out var item))
        {
            if (!walked.Add(item.Commit))
            {
                continue;
            }

            var tagged = Tags.GetValueOrDefault(item.Commit, [])
                .Select(tag => (Tag: tag, Version: SemanticVersion.ParseOrNull(tag, GitVersion.TagPrefix)))
                .Where(t => t.Version is not null)
                .OrderBy(t => t.Version)
                .LastOrDefault();
            if (tagged.Version is not null)
            {
                candidates.Add((tagged.Version, item.Height, tagged.Tag));
                continue;
            }

            var parents = Parents.GetValueOrDefault(item.Commit, []);
            if (parents.Count == 0)
            {
                candidates.Add((SemanticVersion.Initial, item.Height, null));
                continue;
            }

            for (var i = parents.Count - 1; i >= 0; i--)
            {
                pending.Push((parents[i], item.Height + 1));
            }
        }

        // Highest version; among equal versions the first found (a stable sort keeps the walk's order).
        var chosen = candidates.OrderByDescending(c => c.Version).First();
        return new GitVersion(chosen.Version.WithHeight(chosen.Height), Head, chosen.Height, chosen.Tag, Dirty, Shallow);
    }

    /// <summary>The history of HEAD in the repository at <paramref name="directory"/>, or null outside one (or without git).</summary>
    public static async Task<GitHistory?> ReadAsync(ToolRunner tools, string? directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        async Task<IReadOnlyList<string>?> Git(params string[] args)
        {
            var result = await tools.RunAsync("git", args, directory, echo: false, allowFailure: true, cancellationToken: cancellationToken);
            return result.ExitCode == 0 ? result.Lines : null;
        }

        try
        {
            if (await Git("rev-parse", "--verify", "--quiet", "HEAD^{commit}") is not [var head, ..])
            {
                return null;
            }

            var commits = await Git("log", "--format=%H %P", "HEAD") ?? [];
            var tags = await Git("for-each-ref", "refs/tags", "--format=%(refname:strip=2) %(objectname) %(*objectname)") ?? [];
            var status = await Git("status", "--porcelain") ?? [];
            var shallow = await Git("rev-parse", "--is-shallow-repository") is ["true", ..];
            return new GitHistory(head.Trim(), ParentsOf(commits), TagsOf(tags), Dirty: status.Any(l => l.Length > 0), shallow);
        }
        catch (ToolNotFoundException)
        {
            return null;
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> ParentsOf(IReadOnlyList<string> lines)
    {
        var parents = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var ids = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0)
            {
                parents[ids[0]] = ids[1..];
            }
        }

        return parents;
    }

    // "name object [peeled]": an annotated tag's object is the tag itself; the peeled one is its commit.
    private static Dictionary<string, IReadOnlyList<string>> TagsOf(IReadOnlyList<string> lines)
    {
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                var commit = parts.Length >= 3 ? parts[2] : parts[1];
                if (!tags.TryGetValue(commit, out var names))
                {
                    tags[commit] = names = [];
                }

                names.Add(parts[0]);
            }
        }

        return tags.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value, StringComparer.Ordinal);
    }
}
