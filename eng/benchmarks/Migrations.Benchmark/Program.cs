using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pipeline.Migrations;
using Pipeline.Migrations.Benchmark;
using Pipeline.Testing;
using Testcontainers.PostgreSql;

// Applies 200 generated migrations to a fresh database in a PostgreSQL container, several times with and without the
// advisory lock, and prints the medians. Usage: dotnet run -c Release --project eng/benchmarks/Migrations.Benchmark [runs]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var image = TestImages.Postgres;
var goal = TimeSpan.FromSeconds(5);

await DockerApiVersion.EnsureNegotiatedAsync();
await using var container = new PostgreSqlBuilder(image).Build();
await container.StartAsync();
Console.WriteLine($"PostgreSQL container from {image}; {runs} runs each, plus one warm-up");

var database = 0;
async Task<TimeSpan> ApplyAllAsync(bool useLock)
{
    var name = $"bench_{++database}";
    await using (var admin = new NpgsqlConnection(container.GetConnectionString()))
    {
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
    }

    var connectionString = new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = name }.ConnectionString;
    var options = new MigratorOptions(DatabaseEngine.PostgreSql, connectionString, typeof(Program).Assembly) { UseLock = useLock };
    var clock = Stopwatch.StartNew();
    using var migrator = new DatabaseMigrator(options, NullLogger.Instance);
    var result = await migrator.MigrateUpAsync();
    clock.Stop();
    if (result.Executed.Count != 200)
    {
        throw new InvalidOperationException($"expected 200 migrations, applied {result.Executed.Count}");
    }

    return clock.Elapsed;
}

await ApplyAllAsync(useLock: true); // warm-up: JIT and FluentMigrator's first scan
var withLock = new List<TimeSpan>();
var withoutLock = new List<TimeSpan>();
for (var i = 0; i < runs; i++)
{
    withLock.Add(await ApplyAllAsync(useLock: true));
    withoutLock.Add(await ApplyAllAsync(useLock: false));
}

static TimeSpan Median(List<TimeSpan> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

var median = Median(withLock);
var unlocked = Median(withoutLock);
Console.WriteLine($"200 migrations with lock:    median {Seconds(median)} (runs: {string.Join(", ", withLock.Select(Seconds))})");
Console.WriteLine($"200 migrations without lock: median {Seconds(unlocked)} (runs: {string.Join(", ", withoutLock.Select(Seconds))})");
Console.WriteLine($"lock overhead: {(median - unlocked).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms per run (one extra non-pooled connection + pg_try_advisory_lock + unlock)");
Console.WriteLine($"goal <= {Seconds(goal)}: {(median <= goal ? "met" : "MISSED")}");
return median <= goal ? 0 : 1;
