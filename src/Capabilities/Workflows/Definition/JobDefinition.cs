using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Definition;

/// <summary>
/// A job declared against the target graph: it runs <see cref="Targets"/> (and whatever of their plan no upstream job
/// ran) with <c>./build.sh</c>. <see cref="Needs"/> adds to the needs derived from target dependencies.
/// </summary>
public sealed record JobDefinition(string Id, IReadOnlyList<string> Targets)
{
    public string? Name { get; init; }
    public string RunsOn { get; init; } = "ubuntu-latest";

    /// <summary>Extra upstream jobs, beyond those derived from the targets and from <c>needs.X</c> expressions.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    public string? If { get; init; }

    /// <summary>
    /// A deploy job: requires an <see cref="Environment"/>; gets a <c>deploy-&lt;environment&gt;</c> concurrency group,
    /// <c>deployments: write</c> and the job's token in its build step only (the deploy records its GitHub deployment).
    /// </summary>
    public bool IsDeployment { get; init; }

    public JobEnvironment? Environment { get; init; }
    public Concurrency? Concurrency { get; init; }

    /// <summary>Null: <c>contents: read</c>, plus what its <see cref="Credentials"/> need (<c>id-token: write</c> for an AWS role).</summary>
    public Permissions? Permissions { get; init; }

    public int TimeoutMinutes { get; init; } = 30;

    /// <summary>Job outputs, each read from the build step's output of the same name (targets write <c>name=value</c> to <c>$GITHUB_OUTPUT</c>).</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Build parameters passed as <c>--name value</c>; a value holding an expression goes through <c>env:</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public JobStrategy? Strategy { get; init; }
    /// <summary>How the job signs in to its cloud after everything that builds has run; null: it needs no credentials.</summary>
    public JobCredentials? Credentials { get; init; }

    /// <summary>Upload <c>artifacts/test-results</c> and <c>artifacts/coverage</c> even when the job fails.</summary>
    public bool TestReports { get; init; }

    /// <summary>Steps run after the .NET setup and before <c>./build.sh</c>.</summary>
    public IReadOnlyList<Step> SetupSteps { get; init; } = [];

    /// <summary>Steps run after <c>./build.sh</c> (and after the artifacts it hands downstream are uploaded).</summary>
    public IReadOnlyList<Step> StepsAfterBuild { get; init; } = [];

    /// <summary>Job outputs read from any step by its id (<see cref="Step.Id"/>), beside the build step's <see cref="Outputs"/>.</summary>
    public IReadOnlyDictionary<string, StepOutput> StepOutputs { get; init; } = new Dictionary<string, StepOutput>();

    /// <summary>
    /// A matrix job's outputs keep the value of whichever leg finished last; generation refuses outputs on a matrix job
    /// unless this says that is intended.
    /// </summary>
    public bool AllowMatrixOutputs { get; init; }

    /// <summary>How the repository is checked out (history depth, submodules, LFS, ref).</summary>
    public CheckoutOptions Checkout { get; init; } = new();

    /// <summary>Service containers the job's steps reach (a database for integration tests…).</summary>
    public IReadOnlyDictionary<string, ServiceContainer> Services { get; init; } = new Dictionary<string, ServiceContainer>();

    /// <summary>
    /// Run only <see cref="Targets"/>, skipping every dependency (<c>./build.sh Deploy --skip</c>): the job compiles the
    /// build project only, not the solution. Generation proves each skipped dependency ran in an upstream job and that
    /// whatever the job reads of theirs arrives as an artifact.
    /// </summary>
    public bool SkipDependencies { get; init; }

    /// <summary>
    /// With <see cref="SkipDependencies"/>: the dependencies ran in an earlier run, not in a job this one needs (a
    /// promotion deploys an image a delivery run built and tested), so generation does not look for them upstream.
    /// </summary>
    public bool DependenciesRanInEarlierRun { get; init; }

    /// <summary>
    /// Targets whose output this job reads although none of its targets declares it with <c>Consumes</c> (a deploy that
    /// starts the published service reads what <c>Publish</c> wrote): treated as consumed for the slice proof.
    /// </summary>
    public IReadOnlyList<string> ReadsOutputsOf { get; init; } = [];

    /// <summary>A job that runs a reusable workflow instead of targets (<see cref="Targets"/> is empty).</summary>
    public WorkflowCall? Calls { get; init; }
}

/// <summary>The output <see cref="Output"/> of the step whose id is <see cref="Step"/>.</summary>
public sealed record StepOutput(string Step, string Output)
{
    public string Expression => $"${{{{ steps.{Step}.outputs.{Output} }}}}";
}
