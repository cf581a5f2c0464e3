using Pipeline.Engine.Graph;

namespace Pipeline.Engine.Targets;

/// <summary>A discovered target: its graph data plus what it runs and the conditions around it.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(TargetInfo info, Target target, TargetDefinition definition)
    {
        Info = info;
        Delegate = target;
        Actions = definition.Actions;
        StaticConditions = definition.StaticConditions;
        DynamicConditions = definition.DynamicConditions;
        RequiredParameters = definition.RequiredParameters;
        RequiredConditions = definition.RequiredConditions;
        SettingChecks = definition.SettingChecks;
    }

    public TargetInfo Info { get; }

    public string Name => Info.Name;

    internal Target Delegate { get; }

    internal IReadOnlyList<Func<CancellationToken, Task>> Actions { get; }
    internal IReadOnlyList<TargetCondition<bool>> StaticConditions { get; }
    internal IReadOnlyList<TargetCondition<bool>> DynamicConditions { get; }
    internal IReadOnlyList<TargetCondition<object?>> RequiredParameters { get; }
    internal IReadOnlyList<TargetCondition<bool>> RequiredConditions { get; }
    internal IReadOnlyList<Func<string?>> SettingChecks { get; }
}
