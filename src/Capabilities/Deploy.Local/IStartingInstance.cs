namespace Pipeline.Deploy.Local;

/// <summary>An instance just started by an <see cref="IInstanceLifecycle"/>: listening, not yet known to be ready.</summary>
public interface IStartingInstance : IDisposable
{
    /// <summary>What current.json records of it (phase <see cref="ColourState.Starting"/>).</summary>
    ColourState State { get; }

    /// <summary>The release as it runs (the Docker platform's image id and digest; the Process platform's release copy).</summary>
    Release Runs { get; }

    /// <summary>How messages name it after "2.0.0 on green": empty, or " (container pipeline-local-3f2a1c-green)".</summary>
    string Label { get; }

    /// <summary>Why it will never be ready (it exited, its health check fails), with its last output; null while it may still be.</summary>
    Task<string?> FailureAsync(CancellationToken cancellationToken);

    /// <summary>Its last lines of output, for a timeout's message.</summary>
    Task<string> LastOutputAsync(CancellationToken cancellationToken);

    /// <summary>It answered its readiness path: from now on it is kept running (the Docker platform's restart policy).</summary>
    Task ReadyAsync(CancellationToken cancellationToken);

    /// <summary>It never became ready: stop and remove it at once, keeping its output where the logs go.</summary>
    Task AbandonAsync(CancellationToken cancellationToken);
}
