using Pipeline.Engine;
using Pipeline.Engine.Tools;

namespace Pipeline.Components.Versioning;

/// <summary>
/// The version of the commit a build runs on, from git tags as MinVer computes it for <c>Pack</c> (tags
/// <c>v1.2.3</c>): the tag's version on a tagged commit; <see cref="Height"/> commits after <c>v1.2.3</c>,
/// <c>1.2.4-alpha.0.&lt;height&gt;</c>; after a pre-release tag <c>v2.0.0-rc.1</c>, <c>2.0.0-rc.1.&lt;height&gt;</c>;
/// without any tag, <c>0.0.0-alpha.0.&lt;height&gt;</c>. Every deployed version, image version and record reads it.
/// </summary>
/// <param name="Version">The version MinVer gives the same commit (what <c>Pack</c> stamps on the packages).</param>
/// <param name="Commit">The full commit id, or null outside a git repository (or before its first commit).</param>
/// <param name="Height">Commits since the tagged commit (or since the first commit when nothing is tagged).</param>
/// <param name="Tag">The tag the version comes from, or null.</param>
/// <param name="Dirty">The work tree differs from the commit (a change or a new file <c>git status</c> shows).</param>
/// <param name="Shallow">The clone lacks history (and maybe tags): the version may be too low; fetch with depth 0.</param>
public sealed record GitVersion(SemanticVersion Version, string? Commit, int Height, string? Tag, bool Dirty, bool Shallow)
{
    /// <summary>Tags name versions after this prefix (<c>v1.2.3</c>), as <c>MinVerTagPrefix</c> does for <c>Pack</c>.</summary>
    public const string TagPrefix = "v";

    /// <summary>Outside git: the initial version, unknown commit.</summary>
    public static GitVersion Unknown { get; } = new(SemanticVersion.Initial, null, 0, null, Dirty: false, Shallow: false);

    /// <summary>
    /// The version a deploy is recorded and shown under: <see cref="Version"/> with the short commit as SemVer build
    /// metadata, and <c>dirty</c> when the work tree had changes (<c>1.2.4-alpha.0.5+03cfb86</c>,
    /// <c>1.2.4-alpha.0.5+03cfb86.dirty</c>).
    /// </summary>
    public string Label
    {
        get
        {
            var metadata = new List<string>(2);
            if (Commit is { Length: >= 7 })
            {
                metadata.Add(Commit[..7]);
            }

            if (Dirty)
            {
                metadata.Add("dirty");
            }

            return metadata.Count == 0 ? Version.ToString() : $"{Version}+{string.Join('.', metadata)}";
        }
    }

    /// <summary>The version an image is labelled and tagged with: <see cref="Version"/>, with <c>+dirty</c> from a changed work tree.</summary>
    public string ImageVersion => Dirty ? $"{Version}+dirty" : Version.ToString();

    public override string ToString() => Label;

    /// <summary>The version of the repository the build runs in (<see cref="ReadAsync(ToolRunner, string?, CancellationToken)"/>).</summary>
    public static Task<GitVersion> ReadAsync(IPipelineBuild build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        return ReadAsync(build.Tools, null, cancellationToken);
    }

    /// <summary>
    /// The version of HEAD in the repository at <paramref name="directory"/> (the runner's directory when null), read with
    /// <c>git</c>; <see cref="Unknown"/> outside a repository or without git.
    /// </summary>
    public static async Task<GitVersion> ReadAsync(ToolRunner tools, string? directory, CancellationToken cancellationToken) =>
        await GitHistory.ReadAsync(tools, directory, cancellationToken) is { } history ? history.Version() : Unknown;
}
