namespace Pipeline.Workflows.Definition;

/// <summary>
/// What deploys an environment: pushes to some branches (the delivery workflow, in promotion order), or nothing but a
/// person dispatching the <c>promote</c> workflow with an image already pushed. Whether a reviewer must approve is the
/// GitHub environment's protection (its required reviewers), whichever of the two starts the deploy.
/// </summary>
public sealed record DeployTrigger
{
    private DeployTrigger(IReadOnlyList<string> branches, bool manual)
    {
        Branches = branches;
        IsManual = manual;
    }

    /// <summary>Deployed only through the <c>promote</c> workflow (workflow_dispatch: the environment and an image digest).</summary>
    public static DeployTrigger Manual { get; } = new([], manual: true);

    /// <summary>Deployed by the delivery workflow on every push to <paramref name="branches"/> (<c>develop</c>, <c>main</c>).</summary>
    public static DeployTrigger OnPush(params string[] branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        return new([.. branches], manual: false);
    }

    /// <summary>The branches whose pushes deploy the environment; empty when <see cref="IsManual"/>.</summary>
    public IReadOnlyList<string> Branches { get; }

    /// <summary>Only a dispatch of the <c>promote</c> workflow deploys it.</summary>
    public bool IsManual { get; }

    /// <summary>Null when valid; otherwise one line naming the environment and what is wrong.</summary>
    public string? Validate(string environment) =>
        !IsManual && Branches.Count == 0 ? $"environment '{environment}': DeployTrigger.OnPush names no branch; name at least one, or use DeployTrigger.Manual"
        : Branches.FirstOrDefault(b => string.IsNullOrWhiteSpace(b) || b.Contains(' ', StringComparison.Ordinal)) is { } wrong
            ? $"environment '{environment}': branch '{wrong}' of its deploy trigger is not a branch name"
            : null;

    public bool Equals(DeployTrigger? other) => other is not null && IsManual == other.IsManual && Branches.SequenceEqual(other.Branches);

    public override int GetHashCode() => Branches.Aggregate(IsManual.GetHashCode(), HashCode.Combine);

    public override string ToString() => IsManual ? "manual" : $"push to {string.Join(", ", Branches)}";
}
