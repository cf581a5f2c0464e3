namespace Pipeline.GitHub;

/// <summary>A GitHub call failed for a reason a user can act on; the message is one line (what, where, what to do).</summary>
public sealed class GitHubException : Exception
{
    public GitHubException(string message)
        : base(message)
    {
    }

    public GitHubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GitHubException()
    {
    }
}
