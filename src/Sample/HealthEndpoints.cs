using System.Data.Common;

namespace Pipeline.Sample;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (its database and schema answer a query).</summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (TodoStore todos, FaultSwitch fault, SampleDatabase database, CancellationToken ct) =>
        {
            if (fault.Mode == FaultMode.Unhealthy)
            {
                return NotReady("fault switch SAMPLE_FAULT=unhealthy is on");
            }

            try
            {
                var count = await todos.CountAsync(ct);
                return Results.Ok(new { status = "ready", database = database.Provider.ToString().ToUpperInvariant(), todos = count });
            }
            catch (DbException e) when (IsMissingSchema(e))
            {
                return NotReady("schema missing: table todos not found; run the migrations (./build.sh Migrate)");
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                return NotReady($"database unreachable ({database.Provider}): {e.Message.ReplaceLineEndings(" ")}");
            }
        });
    }

    private static IResult NotReady(string reason) =>
        Results.Json(new { status = "unready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);

    // SQLite: "no such table"; PostgreSQL: SQLSTATE 42P01 undefined_table
    private static bool IsMissingSchema(DbException e) =>
        e.SqlState == "42P01" || e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase);
}
