using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Lambda.Local.CloudWatch;

/// <summary>
/// The AWS/Lambda metrics of one real invocation, as Lambda publishes them: Invocations (1), Errors (1 or 0) and
/// Duration (milliseconds), per function, per Resource (<c>function:qualifier</c>) when a qualifier was invoked, and per
/// ExecutedVersion of an alias.
/// </summary>
internal static class LambdaMetrics
{
    public const string Namespace = "AWS/Lambda";

    public static void Record(MetricStore store, string function, string? qualifier, string? executedVersionOfAlias, double durationMs, bool error, DateTimeOffset at)
    {
        var sets = new List<IReadOnlyList<Dimension>> { new[] { new Dimension("FunctionName", function) } };
        if (qualifier is not null)
        {
            var resource = new Dimension("Resource", $"{function}:{qualifier}");
            sets.Add([new Dimension("FunctionName", function), resource]);
            if (executedVersionOfAlias is not null)
            {
                sets.Add([new Dimension("FunctionName", function), resource, new Dimension("ExecutedVersion", executedVersionOfAlias)]);
            }
        }

        foreach (var dimensions in sets)
        {
            store.Put(new MetricIdentity(Namespace, "Invocations", dimensions), 1, at);
            store.Put(new MetricIdentity(Namespace, "Errors", dimensions), error ? 1 : 0, at);
            store.Put(new MetricIdentity(Namespace, "Duration", dimensions), durationMs, at);
        }
    }
}
