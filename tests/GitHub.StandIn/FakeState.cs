namespace Pipeline.GitHub.StandIn;

/// <summary>What the fake GitHub holds for one repository; tests seed and change it to stage GitHub-side events.</summary>
public sealed class FakeRepository
{
    public Dictionary<string, FakeEnvironment> Environments { get; } = new(StringComparer.Ordinal);

    public List<FakeDeployment> Deployments { get; } = [];

    public Dictionary<long, FakeRun> Runs { get; } = [];

    /// <summary>Repository-level Actions variables.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>GitHub's <c>visibility</c>: public, private or internal.</summary>
    public string Visibility { get; set; } = "public";

    /// <summary>The owner's plan: on free, pro and team a private repository's environments get no reviewers nor wait timer.</summary>
    public string Plan { get; set; } = "enterprise";

    /// <summary>Every request body the fake received for this repository (to prove no secret travelled in clear).</summary>
    public List<string> Bodies { get; } = [];
}

public sealed class FakeEnvironment(long id, string name)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public int WaitTimer { get; set; }

    public bool PreventSelfReview { get; set; }

    /// <summary>Reviewers as ("User", login) or ("Team", slug).</summary>
    public List<(string Type, string Name)> Reviewers { get; } = [];

    /// <summary>Null: any branch; else (protected_branches, custom_branch_policies).</summary>
    public (bool Protected, bool Custom)? BranchPolicy { get; set; }

    public List<(long Id, string Name, string Type)> Patterns { get; } = [];

    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Secrets as the fake decrypted them with the environment's private key.</summary>
    public Dictionary<string, string> Secrets { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed record FakeStatus(string State, string? Description, string? EnvironmentUrl, string? LogUrl, DateTimeOffset Created);

public sealed class FakeDeployment(long id, string sha, string environment, string creator, IReadOnlyDictionary<string, string> payload)
{
    public long Id { get; } = id;

    public string Sha { get; } = sha;

    public string Environment { get; } = environment;

    public string Creator { get; } = creator;

    public IReadOnlyDictionary<string, string> Payload { get; } = payload;

    public string? Description { get; set; }

    public bool Production { get; set; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    public List<FakeStatus> Statuses { get; } = [];
}

public sealed class FakeRun(long id, string sha, string workflow)
{
    public long Id { get; } = id;

    public string Sha { get; } = sha;

    public string Workflow { get; } = workflow;

    public string Status { get; set; } = "waiting";

    /// <summary>When the run was created (GitHub's <c>created_at</c>).</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    public string Actor { get; set; } = "hubot";

    /// <summary>The run's title (the workflow's <c>run-name</c>); null: a delivery run's default title.</summary>
    public string? Title { get; set; }

    /// <summary>Environments waiting for review.</summary>
    public List<string> Pending { get; } = [];

    public List<(string State, string Comment, string User, string Environment)> Approvals { get; } = [];
}

/// <summary>A job GitHub Actions runs in an environment: the deployment Actions created for it and the job's page.</summary>
public sealed record ActionsJob(FakeRepository State, long RunId, FakeDeployment Deployment, string LogUrl);
