namespace Pipeline.Aws.Lambda;

/// <summary>The Lambda model's waiters the client implements (<c>lambda-2015-03-31.waiters-2.json</c>; the tests hold them to it).</summary>
internal static class LambdaWaiters
{
    /// <summary><c>FunctionUpdatedV2</c>: the last update of <c>$LATEST</c> has ended.</summary>
    public static readonly AwsWaiter FunctionUpdated = new(
        "FunctionUpdatedV2", "GetFunction", "Configuration.LastUpdateStatus",
        LambdaValues.UpdateStatus.Successful, LambdaValues.UpdateStatus.Failed, LambdaValues.UpdateStatus.InProgress, TimeSpan.FromSeconds(1), 300);

    /// <summary><c>FunctionActiveV2</c>: the function can be invoked.</summary>
    public static readonly AwsWaiter FunctionActive = new(
        "FunctionActiveV2", "GetFunction", "Configuration.State",
        LambdaValues.State.Active, LambdaValues.State.Failed, LambdaValues.State.Pending, TimeSpan.FromSeconds(1), 300);

    /// <summary><c>PublishedVersionActive</c>: a published version can be invoked.</summary>
    public static readonly AwsWaiter PublishedVersionActive = new(
        "PublishedVersionActive", "GetFunctionConfiguration", "State",
        LambdaValues.State.Active, LambdaValues.State.Failed, LambdaValues.State.Pending, TimeSpan.FromSeconds(5), 312);

    public static IReadOnlyList<AwsWaiter> All => [FunctionUpdated, FunctionActive, PublishedVersionActive];
}
