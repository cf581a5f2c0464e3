using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>What an <see cref="IInstanceLifecycle"/> starts.</summary>
/// <param name="Release">The release to run.</param>
/// <param name="Colour">The colour it runs on (free: whatever ran there is stopped).</param>
/// <param name="Variables">
/// Its environment variables: the revision's own (version, commit, colour, environment), the platform's declared ones and
/// the release's. The instance adds what only it knows (its listening URL, its database) where they leave it unset.
/// </param>
/// <param name="State">current.json as it is before the start.</param>
public sealed record InstanceStart(Release Release, EdgeColour Colour, IReadOnlyDictionary<string, string> Variables, EnvironmentState State)
{
    /// <summary>"2.0.0 on green".</summary>
    public string Title => $"{Release.Version} on {Colour.ToText()}";
}
