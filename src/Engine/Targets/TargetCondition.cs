namespace Pipeline.Engine.Targets;

/// <summary>
/// A condition or a required value of a target, with the code that states it (the compiler's text of the lambda, via
/// <c>[CallerArgumentExpression]</c>): shown as a skip reason and in requirement errors. Plain delegates, not
/// expression trees: building and compiling those costs milliseconds of every start.
/// </summary>
public sealed class TargetCondition<T>(Func<T> evaluate, string? code)
{
    public Func<T> Evaluate { get; } = evaluate;

    /// <summary><c>() => Host.IsServerBuild</c> reads <c>Host.IsServerBuild</c>.</summary>
    public string Text { get; } = ConditionText.Of(code);

    /// <summary>The member a required value names (<c>() => ((IPush)this).Registry</c> → Registry), if it is one.</summary>
    public string? MemberName => ConditionText.MemberName(Text);
}
