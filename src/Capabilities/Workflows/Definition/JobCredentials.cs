using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Definition;

/// <summary>
/// How a job obtains the credentials of the cloud it deploys to or pushes into. The generator runs everything that
/// builds first (restore, compile, docker build execute the repository's and its packages' code, which must never see
/// the credentials), then these <see cref="Steps"/>, then the job's own targets. A cloud adds its way of signing in by
/// subclassing this; the generator knows none of them (<see cref="AwsRole"/>: GitHub's OIDC token for an AWS role).
/// </summary>
public abstract record JobCredentials
{
    /// <summary>What the job's token needs beyond <c>contents: read</c> to obtain them (OIDC: <c>id-token: write</c>).</summary>
    public abstract IReadOnlyList<PermissionScope> Permissions { get; }

    /// <summary>The configuration variables these credentials read, which reach the build through them rather than as plain variables.</summary>
    public virtual IReadOnlyList<string> Variables => [];

    /// <summary>The steps that obtain the credentials for the rest of the job.</summary>
    public abstract IEnumerable<Step> Steps(WorkflowOptions options);
}
