using Microsoft.Extensions.Logging;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>What execution environments share: the host's containers, the logging, the options, and the host's background runner.</summary>
internal sealed record EnvironmentServices(
    FunctionContainers Containers,
    ILoggerFactory Loggers,
    ILogger Logger,
    LambdaLocalOptions Options,
    Action<Func<CancellationToken, Task>> Run)
{
    /// <summary>How long a runtime may take from container start to its first <c>next</c> (Lambda's init phase limit).</summary>
    public static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);
}
