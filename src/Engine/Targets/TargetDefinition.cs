namespace Pipeline.Engine.Targets;

/// <summary>Collects what a target's fluent definition says; <see cref="TargetDiscovery"/> turns it into an executable target.</summary>
internal sealed class TargetDefinition(object build) : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<TargetCondition<bool>> StaticConditions { get; } = [];
    public List<TargetCondition<bool>> DynamicConditions { get; } = [];
    public List<TargetCondition<object?>> RequiredParameters { get; } = [];
    public List<TargetCondition<bool>> RequiredConditions { get; } = [];
    public List<Func<string?>> SettingChecks { get; } = [];
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }
    public List<string> ProducedPaths { get; } = [];
    public List<string> ConsumedPaths { get; } = [];

    public ITargetDefinition Description(string description) => Set(() => DescriptionText = description);

    public ITargetDefinition Executes(Action action) => Set(() => Actions.Add(_ =>
    {
        action();
        return Task.CompletedTask;
    }));

    public ITargetDefinition Executes(Func<Task> action) => Set(() => Actions.Add(_ => action()));

    public ITargetDefinition Executes(Func<CancellationToken, Task> action) => Set(() => Actions.Add(action));

    public ITargetDefinition DependsOn(params Target[] targets) => Set(() => DependsOnTargets.AddRange(targets));

    public ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets) => DependsOn(Resolve(targets));

    public ITargetDefinition TryDependsOn<T>(params Func<T, Target>[] targets) => build is T ? DependsOn(Resolve(targets)) : this;

    public ITargetDefinition After(params Target[] targets) => Set(() => AfterTargets.AddRange(targets));

    public ITargetDefinition After<T>(params Func<T, Target>[] targets) => After(Resolve(targets));

    public ITargetDefinition Before(params Target[] targets) => Set(() => BeforeTargets.AddRange(targets));

    public ITargetDefinition Before<T>(params Func<T, Target>[] targets) => Before(Resolve(targets));

    public ITargetDefinition Triggers(params Target[] targets) => Set(() => TriggersTargets.AddRange(targets));

    public ITargetDefinition Triggers<T>(params Func<T, Target>[] targets) => Triggers(Resolve(targets));

    public ITargetDefinition TriggeredBy(params Target[] targets) => Set(() => TriggeredByTargets.AddRange(targets));

    public ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets) => TriggeredBy(Resolve(targets));

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? code = null) => Set(() => StaticConditions.Add(new(condition, code)));

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? code = null) => Set(() => DynamicConditions.Add(new(condition, code)));

    public ITargetDefinition Requires(Func<object?> parameter, string? code = null) => Set(() => RequiredParameters.Add(new(parameter, code)));

    public ITargetDefinition Requires(Func<bool> condition, string? code = null) => Set(() => RequiredConditions.Add(new(condition, code)));

    public ITargetDefinition Validates(params Func<string?>[] checks) => Set(() => SettingChecks.AddRange(checks));

    public ITargetDefinition ProceedAfterFailure() => Set(() => IsProceedAfterFailure = true);

    public ITargetDefinition AssuredAfterFailure() => Set(() => IsAssuredAfterFailure = true);

    public ITargetDefinition Unlisted() => Set(() => IsUnlisted = true);

    public ITargetDefinition Produces(params string[] paths) => Set(() => ProducedPaths.AddRange(paths));

    public ITargetDefinition Consumes(params string[] paths) => Set(() => ConsumedPaths.AddRange(paths));

    private Target[] Resolve<T>(Func<T, Target>[] selectors)
    {
        if (build is not T component)
        {
            throw new InvalidOperationException(
                $"The build class {build.GetType().Name} does not implement {typeof(T).Name}; add it to the class's interfaces.");
        }

        return [.. selectors.Select(select => select(component))];
    }

    private TargetDefinition Set(Action change)
    {
        change();
        return this;
    }
}
