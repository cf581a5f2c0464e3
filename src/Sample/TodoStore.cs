using System.Data.Common;

namespace Pipeline.Sample;

/// <summary>Todos in the database, with SQL both SQLite and PostgreSQL accept.</summary>
public sealed class TodoStore(SampleDatabase database)
{
    public async Task<IReadOnlyList<Todo>> ListAsync(int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "SELECT id, title, done, created_at FROM todos ORDER BY id LIMIT @limit", ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var todos = new List<Todo>();
        while (await reader.ReadAsync(ct))
        {
            todos.Add(Read(reader));
        }

        return todos;
    }

    public async Task<Todo?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "SELECT id, title, done, created_at FROM todos WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<Todo> CreateAsync(string title, bool done, CancellationToken ct)
    {
        var created = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(
            connection,
            "INSERT INTO todos (title, done, created_at) VALUES (@title, @done, @created) RETURNING id",
            ("title", title), ("done", done), ("created", Unspecified(created)));
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return new Todo(id, title, done, created);
    }

    /// <summary>Deletes a todo; false when there was none with that id.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "DELETE FROM todos WHERE id = @id", ("id", id));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>A real query against the schema the service needs: throws when the table is missing.</summary>
    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "SELECT COUNT(*) FROM todos");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL; values go through parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static Todo Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetBoolean(2),
        new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Unspecified), TimeSpan.Zero));

    // The column is a plain timestamp holding UTC (PostgreSQL "timestamp without time zone" refuses DateTimeKind.Utc).
    private static DateTime Unspecified(DateTimeOffset utc) => DateTime.SpecifyKind(utc.UtcDateTime, DateTimeKind.Unspecified);
}
