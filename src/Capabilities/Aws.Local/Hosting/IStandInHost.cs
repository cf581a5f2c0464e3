namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// What runs behind a stand-in's API (its store, its containers, its background work): started before the API answers,
/// disposed when the server stops (what it runs stays for the next start on the same state directory), or taken down
/// first (everything it runs removed, its state emptied).
/// </summary>
internal interface IStandInHost : IAsyncDisposable
{
    /// <summary>Finds again what the previous run left on this state directory and starts the background work.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Removes everything it runs; the next start on this state directory begins empty.</summary>
    Task DownAsync(CancellationToken cancellationToken);
}
