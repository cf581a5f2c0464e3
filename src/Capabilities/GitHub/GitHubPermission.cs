namespace Pipeline.GitHub;

/// <summary>What a token needs for a kind of call: named in the one-line error when GitHub refuses it.</summary>
public sealed record GitHubPermission(string Description)
{
    /// <summary>Reading the repository (any token that can see it).</summary>
    public static GitHubPermission Read { get; } = new("read access to the repository (contents: read)");

    /// <summary>Environments, their branch policies, variables and secrets.</summary>
    public static GitHubPermission Administration { get; } =
        new("repository admin rights (fine-grained token: administration, environments and secrets: write; classic token: repo scope of an admin)");

    /// <summary>Deployments and their statuses.</summary>
    public static GitHubPermission Deployments { get; } = new("deployments: write (on GitHub Actions: permissions: deployments: write on the job)");

    /// <summary>Workflow runs and their pending deployments (reading).</summary>
    public static GitHubPermission Actions { get; } = new("actions: read");

    /// <summary>Approving or rejecting a pending deployment.</summary>
    public static GitHubPermission Review { get; } =
        new("a token of a user who is a required reviewer of the environment (fine-grained token: actions and deployments: write)");

    /// <summary>Resolving a team reviewer.</summary>
    public static GitHubPermission Members { get; } = new("members: read on the organization (to resolve team reviewers)");

    public override string ToString() => Description;
}
