namespace Pipeline.Workflows.Model;

/// <summary>A step: either <see cref="Uses"/> an action (with <see cref="With"/>) or <see cref="Run"/>s a script.</summary>
public sealed record Step
{
    public string? Name { get; init; }
    public string? Id { get; init; }
    public string? If { get; init; }
    public bool ContinueOnError { get; init; }
    public int? TimeoutMinutes { get; init; }
    public ActionPin? Uses { get; init; }
    public IReadOnlyDictionary<string, string> With { get; init; } = Maps.Empty;
    public IReadOnlyDictionary<string, string> Env { get; init; } = Maps.Empty;
    public string? Shell { get; init; }
    public string? WorkingDirectory { get; init; }

    /// <summary>The script; a multi-line script is written as a <c>|</c> block.</summary>
    public string? Run { get; init; }

    public static Step Action(string name, ActionPin uses, IReadOnlyDictionary<string, string>? with = null) =>
        new() { Name = name, Uses = uses, With = with ?? Maps.Empty };

    public static Step Script(string name, string run, IReadOnlyDictionary<string, string>? env = null) =>
        new() { Name = name, Run = run, Env = env ?? Maps.Empty };
}
