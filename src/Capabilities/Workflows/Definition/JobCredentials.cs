using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Definition;

/// <summary>
/// How a job obtains the credentials of the cloud it deploys to or pushes into. The generator runs everything that
/// builds first (restore, compile, docker build execute the repository's and its packages' code, which must never see
/// the credentials), then these <see cref="Steps"/>, then the job's own targets. A cloud adds its way of signing in by
/// subclassing this, and the declarations that need it hand it over (<see cref="IHaveJobCredentials"/>: an environment's
/// platform settings, a registry); the generator knows none of them (<see cref="AwsRole"/>: GitHub's OIDC token for an AWS role).
/// </summary>
public abstract record JobCredentials
{
    /// <summary>What the job's token needs beyond <c>contents: read</c> to obtain them (OIDC: <c>id-token: write</c>).</summary>
    public abstract IReadOnlyList<PermissionScope> Permissions { get; }

    /// <summary>The configuration variables these credentials read, which reach the build through them rather than as plain variables.</summary>
    public virtual IReadOnlyList<string> Variables => [];

    /// <summary>The steps that obtain the credentials for the rest of the job.</summary>
    public abstract IEnumerable<Step> Steps(WorkflowOptions options);

    /// <summary>
    /// The credentials of a job that needs all of <paramref name="credentials"/> (the platforms of an environment's
    /// services): null when none does, the one when they all agree, else each one's steps in turn.
    /// </summary>
    public static JobCredentials? Combine(IEnumerable<JobCredentials?> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        List<JobCredentials> distinct = [.. credentials.OfType<JobCredentials>().Distinct()];
        return distinct.Count switch
        {
            0 => null,
            1 => distinct[0],
            _ => new CombinedJobCredentials(distinct),
        };
    }
}
