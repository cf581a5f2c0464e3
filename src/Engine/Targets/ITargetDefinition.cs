using System.Runtime.CompilerServices;

namespace Pipeline.Engine.Targets;

/// <summary>The fluent definition of a target, shaped after NUKE's.</summary>
public interface ITargetDefinition
{
    /// <summary>Shown by <c>--help</c> and in generated workflows.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Work to do; several calls run in order.</summary>
    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);

    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    /// <summary>These targets are scheduled and run first.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Depends on targets of a build component: <c>DependsOn&lt;ICompile&gt;(x => x.Compile)</c>.</summary>
    ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets);

    /// <summary>Depends on a component's targets when the build implements that component; otherwise nothing.</summary>
    ITargetDefinition TryDependsOn<T>(params Func<T, Target>[] targets);

    /// <summary>When both are scheduled, this one runs after them; nothing is pulled in.</summary>
    ITargetDefinition After(params Target[] targets);

    ITargetDefinition After<T>(params Func<T, Target>[] targets);

    /// <summary>When both are scheduled, this one runs before them; nothing is pulled in.</summary>
    ITargetDefinition Before(params Target[] targets);

    ITargetDefinition Before<T>(params Func<T, Target>[] targets);

    /// <summary>Scheduling this target schedules these too, to run after it.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    ITargetDefinition Triggers<T>(params Func<T, Target>[] targets);

    /// <summary>Scheduling one of these schedules this target too, to run after it.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets);

    /// <summary>
    /// A condition checked before anything runs; when it is false the target is skipped, its code the reason
    /// (<c>condition false: IsServerBuild</c>). Call it again for more conditions; all must hold.
    /// </summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? code = null);

    /// <summary>A condition checked right before the target runs, after its dependencies.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? code = null);

    /// <summary>
    /// A parameter that must have a value (<c>Requires(() => Environment)</c>); checked for every scheduled target
    /// before anything runs, and reported with the ways to pass it.
    /// </summary>
    ITargetDefinition Requires(Func<object?> parameter, [CallerArgumentExpression(nameof(parameter))] string? code = null);

    /// <summary>A condition that must hold; checked for every scheduled target before anything runs.</summary>
    ITargetDefinition Requires(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? code = null);

    /// <summary>
    /// Checks of the target's settings, run for every scheduled target before anything runs: each returns null when
    /// the settings are valid, otherwise one line naming the parameter and saying what to pass.
    /// </summary>
    ITargetDefinition Validates(params Func<string?>[] checks);

    /// <summary>When this target fails, the remaining targets that do not depend on it still run (the build still fails).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even when an earlier target failed (e.g. publish test results, clean up).</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hidden from <c>--help</c>; still invocable.</summary>
    ITargetDefinition Unlisted();

    /// <summary>Artifact paths, relative to the root, that this target writes.</summary>
    ITargetDefinition Produces(params string[] paths);

    /// <summary>Artifact paths, relative to the root, that this target reads (written by another target).</summary>
    ITargetDefinition Consumes(params string[] paths);
}
