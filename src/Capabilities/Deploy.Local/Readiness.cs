using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Local;

/// <summary>
/// Whether an instance is ready: it answers 2xx on the readiness path (e.g. <c>/health/ready</c>) on its loopback port.
/// Waits for a starting instance, giving up at once when the instance says it never will be.
/// </summary>
public sealed class Readiness
{
    private readonly string path;

    /// <param name="path">The readiness path, e.g. <c>/health/ready</c>.</param>
    public Readiness(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        this.path = path;
    }

    public string Path => path;

    /// <summary>The readiness URL of the instance on <paramref name="port"/>, e.g. <c>http://127.0.0.1:5000/health/ready</c>.</summary>
    public Uri UrlOf(int port) => Loopback.Url(port, path);

    /// <summary>Null when the instance on <paramref name="port"/> answers 2xx; otherwise what it answered.</summary>
    public Task<string?> CheckAsync(int port, CancellationToken cancellationToken) => ReadinessProbe.CheckAsync(UrlOf(port), cancellationToken);

    /// <summary>
    /// Waits until <paramref name="instance"/> is ready. Throws <see cref="RevisionNeverHealthyException"/> naming
    /// <paramref name="title"/> when it fails first or is not ready within <paramref name="timeout"/>, with its last output.
    /// </summary>
    public async Task WaitAsync(IStartingInstance instance, string title, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var port = instance.State.Port;
        try
        {
            await Poll.UntilNoProblemAsync(
                async ct => await instance.FailureAsync(ct) is { } failure
                    ? throw new RevisionNeverHealthyException($"{title}{instance.Label} {failure}")
                    : await CheckAsync(port, ct),
                PollSchedule.Every(TimeSpan.FromMilliseconds(100), timeout),
                $"{title}{instance.Label} to be ready",
                cancellationToken);
        }
        catch (PollTimeoutException e)
        {
            throw new RevisionNeverHealthyException(
                $"{title}{instance.Label} was not ready within {timeout.TotalSeconds:0.#}s " +
                $"(GET {UrlOf(port)}: {e.LastSeen}); last output: {await instance.LastOutputAsync(cancellationToken)}");
        }
    }
}
