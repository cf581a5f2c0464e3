namespace Pipeline.Sample;

/// <summary>
/// The small resource stored in the database: <c>GET /todos</c>, <c>POST /todos</c>, <c>GET /todos/{id}</c>,
/// <c>DELETE /todos/{id}</c> (smoke tests remove what they create).
/// </summary>
public static class TodoEndpoints
{
    public static void MapTodos(this IEndpointRouteBuilder app)
    {
        var todos = app.MapGroup("/todos");
        todos.MapGet("/", async (TodoStore store, int? limit, CancellationToken ct) =>
            Results.Ok(await store.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)));
        todos.MapGet("/{id:long}", async (long id, TodoStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } todo ? Results.Ok(todo) : Results.NotFound(new { error = $"todo {id} not found" }));
        todos.MapPost("/", async (NewTodo body, TodoStore store, CancellationToken ct) =>
        {
            var title = body.Title?.Trim();
            if (string.IsNullOrEmpty(title) || title.Length > 200)
            {
                return Results.BadRequest(new { error = "title is required and at most 200 characters" });
            }

            var todo = await store.CreateAsync(title, body.Done, ct);
            return Results.Created($"/todos/{todo.Id}", todo);
        });
        todos.MapDelete("/{id:long}", async (long id, TodoStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : Results.NotFound(new { error = $"todo {id} not found" }));
    }
}
