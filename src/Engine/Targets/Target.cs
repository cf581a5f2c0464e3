namespace Pipeline.Engine.Targets;

/// <summary>
/// A target, declared as a property: <c>Target Compile => _ => _.DependsOn(Restore).Executes(() => ...);</c>
/// The property name is the target's name.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
