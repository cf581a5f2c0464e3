namespace Pipeline.Sample;

/// <summary>A stored todo item.</summary>
public sealed record Todo(long Id, string Title, bool Done, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /todos</c>.</summary>
public sealed record NewTodo(string? Title, bool Done = false);
