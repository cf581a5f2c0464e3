using System.Diagnostics;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Output;
using Pipeline.Engine.Targets;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine.Execution;

/// <summary>
/// Runs a plan in order. A failure stops the build, except that targets marked <c>AssuredAfterFailure</c> still run,
/// and a failing <c>ProceedAfterFailure</c> target only stops the targets that depend on it.
/// </summary>
internal sealed class TargetExecutor(BuildHost host, TextWriter output, TextWriter log)
{
    public async Task<IReadOnlyList<TargetResult>> RunAsync(
        IReadOnlyList<ExecutableTarget> plan,
        IReadOnlyDictionary<string, string> skipped,
        CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, TargetResult>(StringComparer.OrdinalIgnoreCase);
        string? stopReason = null;

        foreach (var target in plan)
        {
            results[target.Name] = Decide(target, results, skipped, stopReason, cancellationToken)
                ?? await RunAsync(target, cancellationToken);

            var result = results[target.Name];
            if (result.Status == TargetStatus.Failed && stopReason is null && !target.Info.ProceedAfterFailure)
            {
                stopReason = $"{target.Name} failed";
            }
        }

        return [.. plan.Select(t => results[t.Name])];
    }

    private static TargetResult? Decide(
        ExecutableTarget target,
        Dictionary<string, TargetResult> results,
        IReadOnlyDictionary<string, string> skipped,
        string? stopReason,
        CancellationToken cancellationToken)
    {
        if (skipped.TryGetValue(target.Name, out var skipReason))
        {
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, skipReason);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, "cancelled");
        }

        if (target.Info.AssuredAfterFailure)
        {
            return null;
        }

        if (stopReason is not null)
        {
            return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, stopReason);
        }

        var blocked = target.Info.DependsOn.FirstOrDefault(d =>
            results.TryGetValue(d, out var r) && r.Status is TargetStatus.Failed or TargetStatus.NotRun);
        if (blocked is not null)
        {
            return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, $"{blocked} failed");
        }

        var falseCondition = target.DynamicConditions.FirstOrDefault(c => !c.Evaluate());
        return falseCondition is null
            ? null
            : new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, "condition false: " + falseCondition.Text);
    }

    private async Task<TargetResult> RunAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        host.BeginTarget(output, target.Name);
        log.WriteLine($"{DateTimeOffset.UtcNow:O} target {target.Name} starts");
        var stopwatch = Stopwatch.StartNew();
        TargetResult result;
        try
        {
            foreach (var action in target.Actions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await action(cancellationToken);
            }

            result = new TargetResult(target.Name, TargetStatus.Succeeded, stopwatch.Elapsed);
        }
        catch (TargetSkippedException e)
        {
            output.WriteLine($"{target.Name} skipped: {e.Message}");
            result = new TargetResult(target.Name, TargetStatus.Skipped, stopwatch.Elapsed, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            result = new TargetResult(target.Name, TargetStatus.Failed, stopwatch.Elapsed, "cancelled");
            host.ReportFailure(output, target.Name, "cancelled");
        }
        catch (Exception e)
        {
            var message = Describe(e);
            log.WriteLine($"target {target.Name} failed: {e}");
            if (e is ToolFailedException { LastLines.Count: > 0 } tool)
            {
                output.WriteLine($"Last lines of '{tool.Command}':");
                foreach (var line in tool.LastLines)
                {
                    output.WriteLine("  " + line);
                }
            }

            host.ReportFailure(output, target.Name, message);
            result = new TargetResult(target.Name, TargetStatus.Failed, stopwatch.Elapsed, message);
        }
        finally
        {
            output.Flush();
            host.EndTarget(output, target.Name);
        }

        return result;
    }

    /// <summary>The one line for a failure: the innermost meaningful message, never a stack trace.</summary>
    internal static string Describe(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && exception.InnerException is not null)
        {
            exception = exception.InnerException!;
        }

        return exception.Message.Split('\n')[0].Trim();
    }
}
