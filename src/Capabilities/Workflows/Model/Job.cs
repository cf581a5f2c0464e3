namespace Pipeline.Workflows.Model;

/// <summary>One job. Keys are written in GitHub's conventional order whatever the order of these members.</summary>
public sealed record Job(string Id)
{
    public string? Name { get; init; }
    public string RunsOn { get; init; } = "ubuntu-latest";
    public IReadOnlyList<string> Needs { get; init; } = [];
    public string? If { get; init; }
    public JobEnvironment? Environment { get; init; }
    public Concurrency? Concurrency { get; init; }
    public Permissions? Permissions { get; init; }
    public int? TimeoutMinutes { get; init; }
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = Maps.Empty;
    public IReadOnlyDictionary<string, string> Env { get; init; } = Maps.Empty;
    public JobStrategy? Strategy { get; init; }

    /// <summary>Service containers by name (<c>services:</c>).</summary>
    public IReadOnlyDictionary<string, ServiceContainer> Services { get; init; } = new Dictionary<string, ServiceContainer>();

    /// <summary>A job that runs a reusable workflow instead of steps; it has no runs-on, steps or defaults.</summary>
    public WorkflowCall? Uses { get; init; }

    /// <summary><c>defaults.run.shell</c>; null leaves GitHub's default.</summary>
    public string? Shell { get; init; }

    public IReadOnlyList<Step> Steps { get; init; } = [];
}
