using Npgsql;

namespace Pipeline.Migrations.IntegrationTests;

/// <summary>Small queries to check what a migration run really did to the database.</summary>
internal static class Db
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static Task<bool> TableExistsAsync(string connectionString, string table) =>
        ScalarAsync<bool>(connectionString, $"SELECT to_regclass('public.\"{table}\"') IS NOT NULL");

    /// <summary>Applied versions as "1,2,3" (empty when none).</summary>
    public static async Task<string> AppliedAsync(string connectionString) => string.Join(",", await AppliedVersionsAsync(connectionString));

    public static async Task<long[]> AppliedVersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Version\" FROM \"VersionInfo\" ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return [.. versions];
    }
}
