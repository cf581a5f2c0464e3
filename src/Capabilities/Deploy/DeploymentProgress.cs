using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>
/// What both engines keep the same way while a deployment runs, so their records and logs read alike on every platform:
/// the record opened with its id (start time and version), one <see cref="StageResult"/> per stage, timed and logged,
/// and the smoke test results, then the record closed with the outcome.
/// </summary>
internal sealed class DeploymentProgress
{
    private readonly ILogger logger;

    public DeploymentProgress(string environment, string platform, DeploymentKind kind, Release release, string initiator, TrafficShift shift, ILogger logger)
    {
        this.logger = logger;
        var started = DateTimeOffset.UtcNow;
        Record = new DeploymentRecord
        {
            Id = $"{started.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{release.Version}",
            Environment = environment,
            Platform = platform,
            Kind = kind,
            Release = release,
            Initiator = initiator,
            StartedAt = started,
            Outcome = DeploymentOutcome.InProgress,
            Shift = shift.ToString(),
        };
        logger.LogInformation("{Kind} {Version} to {Environment} on {Platform} ({Shift})", kind, release.Version, environment, platform, shift);
    }

    public DeploymentRecord Record { get; set; }

    public List<StageResult> Stages { get; } = [];

    public List<SmokeTestResult> SmokeTests { get; } = [];

    /// <summary>
    /// Runs one stage: logs its name, then its outcome and duration, and adds its <see cref="StageResult"/> (the body's
    /// message, or the error; "cancelled" when cancelled) before <paramref name="recorded"/> runs and the error, if any, goes on.
    /// </summary>
    public async Task<T> StageAsync<T>(
        DeploymentStage stage, Func<CancellationToken, Task<(T Value, string Message)>> body, Func<Task>? recorded, CancellationToken cancellationToken)
    {
        logger.LogInformation("{Stage}", stage.ToEcsName());
        var clock = Stopwatch.StartNew();
        try
        {
            var (value, message) = await body(cancellationToken);
            Stages.Add(new StageResult(stage, StageOutcome.Succeeded, clock.Elapsed, message));
            logger.LogInformation("{Stage} succeeded in {Ms} ms: {Message}", stage.ToEcsName(), (int)clock.Elapsed.TotalMilliseconds, message);
            if (recorded is not null)
            {
                await recorded();
            }

            return value;
        }
        catch (Exception e)
        {
            var message = e is OperationCanceledException ? "cancelled" : e.Message;
            Stages.Add(new StageResult(stage, StageOutcome.Failed, clock.Elapsed, message));
            logger.LogWarning("{Stage} failed after {Ms} ms: {Message}", stage.ToEcsName(), (int)clock.Elapsed.TotalMilliseconds, message);
            if (recorded is not null)
            {
                await recorded();
            }

            throw;
        }
    }

    /// <summary>Closes the record: the outcome and its reason, the stages and smoke tests so far, what served before and where.</summary>
    public DeploymentRecord Close(DeploymentOutcome outcome, RollbackReason? reason, string? previousVersion, Uri? url)
    {
        Record = Record with
        {
            Outcome = outcome,
            RollbackReason = reason,
            FinishedAt = DateTimeOffset.UtcNow,
            Stages = [.. Stages],
            SmokeTests = [.. SmokeTests],
            PreviousVersion = previousVersion,
            Url = url,
        };
        return Record;
    }
}
