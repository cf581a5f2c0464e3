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

    /// <summary>A deploy job: requires an <see cref="Environment"/>; gets a <c>deploy-&lt;environment&gt;</c> concurrency group.</summary>
    public bool IsDeployment { get; init; }

    public DeploymentEnvironment? Environment { get; init; }
    public Concurrency? Concurrency { get; init; }

    /// <summary>Null: <c>contents: read</c>, plus <c>id-token: write</c> when the job assumes an <see cref="Aws"/> role.</summary>
    public Permissions? Permissions { get; init; }

    public int TimeoutMinutes { get; init; } = 30;

    /// <summary>Job outputs, each read from the build step's output of the same name (targets write <c>name=value</c> to <c>$GITHUB_OUTPUT</c>).</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Build parameters passed as <c>--name value</c>; a value holding an expression goes through <c>env:</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public JobStrategy? Strategy { get; init; }
    public AwsRole? Aws { get; init; }

    /// <summary>Upload <c>artifacts/test-results</c> and <c>artifacts/coverage</c> even when the job fails.</summary>
    public bool TestReports { get; init; }

    /// <summary>Steps run after the .NET setup and before <c>./build.sh</c>.</summary>
    public IReadOnlyList<Step> SetupSteps { get; init; } = [];
}
