using System.Linq.Expressions;
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
    internal IReadOnlyList<Expression<Func<bool>>> StaticConditions { get; }
    internal IReadOnlyList<Expression<Func<bool>>> DynamicConditions { get; }
    internal IReadOnlyList<Expression<Func<object?>>> RequiredParameters { get; }
    internal IReadOnlyList<Expression<Func<bool>>> RequiredConditions { get; }
    internal IReadOnlyList<Func<string?>> SettingChecks { get; }
}
