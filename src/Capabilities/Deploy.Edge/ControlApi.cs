using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Edge;

/// <summary>The control endpoints (loopback, bearer token): state, routes, metrics, samples, drain, shutdown.</summary>
internal sealed class ControlApi(
    EdgeOptions options, Func<EdgeInfo> info, Router router, TrafficMetrics metrics, ProcessKeeper keeper, IHostApplicationLifetime lifetime, ILogger logger)
{
    private static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(30);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/state", () => Results.Json(State(), EdgeJson.Options));
        endpoints.MapPut("/routes", SetRoutesAsync);
        endpoints.MapGet("/metrics", (string? colour, long? since) =>
            ParseColour(colour, out var c, out var error)
                ? Results.Json(metrics.Query(c, since ?? 0, router.InFlight(c)), EdgeJson.Options)
                : error);
        endpoints.MapGet("/samples", (string? colour, long? since) =>
            ParseColour(colour, out var c, out var error)
                ? Results.Json(metrics.Samples(c, since ?? 0), EdgeJson.Options)
                : error);
        endpoints.MapPost("/drain", (string? colour, long? timeoutMs, CancellationToken ct) => DrainAsync(colour, timeoutMs, remove: false, ct));
        endpoints.MapDelete("/routes/{colour}", (string colour, long? timeoutMs, CancellationToken ct) => DrainAsync(colour, timeoutMs, remove: true, ct));
        endpoints.MapPut("/kept/{colour}", (string colour, int? pid) =>
            !ParseColour(colour, out var c, out var error) ? error
            : pid is not { } p ? Error(StatusCodes.Status400BadRequest, "pid is missing: PUT /kept/<colour>?pid=<pid>")
            : keeper.Keep(c, p) is { } problem ? Error(StatusCodes.Status409Conflict, $"cannot keep {colour}'s process running: {problem}")
            : Results.Json(State(), EdgeJson.Options));
        endpoints.MapDelete("/kept/{colour}", (string colour, int? pid) =>
            ParseColour(colour, out var c, out var error)
                ? Results.Json(new { forgotten = keeper.Forget(c, pid) }, EdgeJson.Options)
                : error);
        endpoints.MapPost("/shutdown", (HttpContext context) =>
        {
            logger.LogInformation("Shutdown requested through the control API");
            context.Response.OnCompleted(() =>
            {
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return Results.Json(new { stopping = true }, EdgeJson.Options, statusCode: StatusCodes.Status202Accepted);
        });
    }

    public static IResult Error(int status, string message) =>
        Results.Json(new { error = message }, EdgeJson.Options, statusCode: status);

    private EdgeState State()
    {
        var edge = info();
        var colours = EdgeColours.All.Select(c =>
        {
            var (requests, errors) = metrics.Totals(c);
            return new ColourStatus(c, router.InFlight(c), requests, errors);
        }).ToList();
        var kept = keeper.Snapshot();
        return new EdgeState(edge.Pid, edge.PublicPort, edge.TestPort, edge.ControlPort, edge.StartedAt, router.Current, metrics.Sequence, colours)
        {
            Kept = kept.Count == 0 ? null : kept,
            SupervisorPid = edge.SupervisorPid,
            Restarts = edge.Restarts,
            LastDeath = edge.LastDeath,
        };
    }

    private async Task<IResult> SetRoutesAsync(HttpRequest request, CancellationToken ct)
    {
        RouteTable? routes;
        try
        {
            routes = await JsonSerializer.DeserializeAsync<RouteTable>(request.Body, EdgeJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"invalid route table: {Describe(e)}");
        }

        if (routes is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid route table: empty body");
        }

        if (routes.Validate() is { } reason)
        {
            return Error(StatusCodes.Status400BadRequest, $"invalid route table: {reason}");
        }

        var before = router.Current;
        router.Update(_ => routes);
        await RouteStore.SaveAsync(options.StateDirectory, routes, ct);
        logger.LogInformation("Routes {Before} -> {After}", before, routes);
        return Results.Json(State(), EdgeJson.Options);
    }

    private async Task<IResult> DrainAsync(string? colourText, long? timeoutMs, bool remove, CancellationToken ct)
    {
        if (!ParseColour(colourText, out var colour, out var error))
        {
            return error;
        }

        var table = router.Current;
        if (table.WeightOf(colour) > 0)
        {
            return Error(StatusCodes.Status409Conflict,
                $"{colour.ToText()} still has weight {table.WeightOf(colour)}; set it to 0 with PUT /routes before draining");
        }

        if (table.Test == colour)
        {
            return Error(StatusCodes.Status409Conflict,
                $"{colour.ToText()} is the test colour; route the test listener elsewhere (or to none) before draining");
        }

        var timeout = timeoutMs is { } ms && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : DefaultDrainTimeout;
        var waited = Stopwatch.StartNew();
        await Poll.TryUntilAsync(_ => Task.FromResult(router.InFlight(colour) == 0), PollSchedule.Every(TimeSpan.FromMilliseconds(5), timeout), ct);

        var result = new DrainResult(colour, router.InFlight(colour) == 0, router.InFlight(colour), waited.ElapsedMilliseconds);
        logger.LogInformation("Drain {Colour}: drained {Drained} after {Ms} ms ({InFlight} in flight)",
            colour.ToText(), result.Drained, result.WaitedMs, result.InFlight);
        if (remove)
        {
            // in-flight requests keep the address they started with; new ones can no longer pick this colour
            var next = router.Update(current => current.WeightOf(colour) == 0 && current.Test != colour ? current.With(colour, null) : current);
            await RouteStore.SaveAsync(options.StateDirectory, next, ct);
        }

        return Results.Json(result, EdgeJson.Options);
    }

    private static bool ParseColour(string? text, out EdgeColour colour, out IResult error)
    {
        if (EdgeColours.TryParse(text, out var parsed))
        {
            colour = parsed.Value;
            error = Results.Empty;
            return true;
        }

        colour = default;
        error = Error(StatusCodes.Status400BadRequest, $"unknown colour '{text}': use blue or green");
        return false;
    }

    private static string Describe(JsonException e)
    {
        var where = e.Path is { Length: > 0 } path ? path : "$";
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown field {where}; a route table has blue, green (address, weight, version) and test";
        }

        return e.InnerException is JsonException or null && e.Message.StartsWith("unknown colour", StringComparison.Ordinal)
            ? $"{where}: {e.Message}"
            : $"{where}: not valid here ({e.Message.Split('.')[0]})";
    }
}
