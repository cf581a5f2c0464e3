namespace Pipeline.Deploy.Edge;

/// <summary>What a user does about an <see cref="EdgeException"/>; the caller words it as its own command.</summary>
public enum EdgeRemedy
{
    /// <summary>The message says it all.</summary>
    None,

    /// <summary>Start the edge (a deploy does).</summary>
    Start,

    /// <summary>Stop the edge and what it routes to, then start again (take the environment down and deploy).</summary>
    Reset,
}
