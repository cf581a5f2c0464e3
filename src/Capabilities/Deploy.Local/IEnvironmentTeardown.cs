namespace Pipeline.Deploy.Local;

/// <summary>Down for a local platform: stops what the environment runs (the colours, the edge, whatever else it started).</summary>
public interface IEnvironmentTeardown
{
    /// <summary>
    /// Stops everything the platform started; with <paramref name="deletingData"/> also removes the data it keeps
    /// outside the environment's data folder (the Docker platform's database volume). Returns one line per thing done.
    /// </summary>
    Task<IReadOnlyList<string>> DownAsync(bool deletingData, CancellationToken cancellationToken);
}
