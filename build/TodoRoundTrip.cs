using System.Net;
using System.Net.Http.Json;
using Pipeline.Deploy.Smoke;

namespace Build;

/// <summary>
/// The sample's write path as a smoke test that leaves no data behind: create a todo, read it back, delete it, and
/// check it is gone. Runs against the test listener and production on every deploy and rollback.
/// </summary>
internal sealed class TodoRoundTrip : ISmokeTest
{
    public string Name => "todos can be created and deleted";

    public async Task<SmokeOutcome> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var created = await context.Http.PostAsJsonAsync(new Uri("todos", UriKind.Relative), new { title = "smoke test" }, cancellationToken);
        if (created.StatusCode != HttpStatusCode.Created || created.Headers.Location is not { } location)
        {
            return new SmokeOutcome(false, $"POST /todos answered {(int)created.StatusCode}, expected 201 with a Location");
        }

        var path = new Uri(location.OriginalString.TrimStart('/'), UriKind.Relative);
        using var deleted = await context.Http.DeleteAsync(path, cancellationToken);
        if (deleted.StatusCode != HttpStatusCode.NoContent)
        {
            return new SmokeOutcome(false, $"DELETE {location} answered {(int)deleted.StatusCode}, expected 204: the smoke todo may be left behind");
        }

        using var gone = await context.Http.GetAsync(path, cancellationToken);
        return gone.StatusCode == HttpStatusCode.NotFound
            ? new SmokeOutcome(true, $"created and deleted {location}")
            : new SmokeOutcome(false, $"GET {location} answered {(int)gone.StatusCode} after DELETE, expected 404");
    }
}
