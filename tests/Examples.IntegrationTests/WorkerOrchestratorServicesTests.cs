using Pipeline.Examples.IntegrationTests.Services;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/worker-orchestrator's services as their images run them: the Python worker's Alembic migrations on a real
/// PostgreSQL from the worker's own image, the worker and the Node orchestrator answering over HTTP on one network,
/// and a broken migration failing with Alembic's own error.
/// </summary>
[Collection(ExampleImagesCollection.Name)]
public sealed class WorkerOrchestratorServicesTests(ExampleImages images, ITestOutputHelper output)
{
    private const string Example = "worker-orchestrator";

    [FactRequiring(Requirement.Docker)]
    public async Task The_worker_migrates_postgresql_with_alembic_and_the_orchestrator_dispatches_to_it()
    {
        var worker = await images.GetAsync(Example, "worker");
        var orchestrator = await images.GetAsync(Example, "orchestrator");
        output.WriteLine($"images built in {worker.BuildTime.TotalSeconds:0.0} s (worker), {orchestrator.BuildTime.TotalSeconds:0.0} s (orchestrator)");
        await using var network = await ServiceNetwork.StartAsync("worker");
        var database = new Dictionary<string, string> { ["DATABASE_URL"] = ServiceNetwork.DatabaseUrl("worker") };

        var migrated = await network.RunToEndAsync(worker.Tag, ["python3", "-m", "alembic", "upgrade", "head"], database);
        Assert.True(migrated.ExitCode == 0, $"alembic upgrade head exited {migrated.ExitCode}: {migrated.StandardError}");
        Assert.Contains("Running upgrade  -> 0001, create the jobs table", migrated.StandardError, StringComparison.Ordinal);

        var workerUrl = await network.StartServiceAsync("worker", worker.Tag, database, "/ready");
        Assert.Equal("0001", (await ServiceNetwork.GetJsonAsync(workerUrl, "/ready"))["schema"]!.GetValue<string>());
        var orchestratorUrl = await network.StartServiceAsync(
            "orchestrator", orchestrator.Tag, new Dictionary<string, string> { ["WORKER_URL"] = "http://worker:8080/", ["APP_VERSION"] = "2.0.0" }, "/health");

        Assert.Equal("2.0.0", (await ServiceNetwork.GetJsonAsync(orchestratorUrl, "/version"))["version"]!.GetValue<string>());
        Assert.Equal("ok", (await ServiceNetwork.GetJsonAsync(orchestratorUrl, "/status"))["worker"]!["status"]!.GetValue<string>());
        var dispatched = await ServiceNetwork.PostJsonAsync(orchestratorUrl, "/dispatch", new { text = "summarise #general" }, 202);
        Assert.Equal("queued", dispatched["dispatched"]!["status"]!.GetValue<string>());
        var jobs = (await ServiceNetwork.GetJsonAsync(workerUrl, "/jobs"))["jobs"]!.AsArray();
        Assert.Equal("summarise #general", Assert.Single(jobs)!["text"]!.GetValue<string>());
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_broken_migration_fails_with_alembics_own_error_and_leaves_the_schema_as_it_was()
    {
        var broken = await images.GetAsync(Example, "worker", withMigration: (BrokenMigration.File, BrokenMigration.Text));
        await using var network = await ServiceNetwork.StartAsync("worker");
        var database = new Dictionary<string, string> { ["DATABASE_URL"] = ServiceNetwork.DatabaseUrl("worker") };

        var migrated = await network.RunToEndAsync(broken.Tag, ["python3", "-m", "alembic", "upgrade", "head"], database);

        Assert.NotEqual(0, migrated.ExitCode);
        Assert.Contains("psycopg2.errors.UndefinedTable", migrated.StandardError, StringComparison.Ordinal);
        Assert.Contains("relation \"no_such_table\" does not exist", migrated.StandardError, StringComparison.Ordinal);
        // Alembic runs PostgreSQL's migrations in one transaction: the first migration rolled back with the broken one.
        var tables = await network.RunToEndAsync(broken.Tag, ["python3", "-c", ListTables], database);
        Assert.Equal("[]", tables.StandardOutput.Trim());
    }

    private const string ListTables =
        "import os, psycopg2; c = psycopg2.connect(os.environ['DATABASE_URL']).cursor(); "
        + "c.execute(\"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1\"); "
        + "print([r[0] for r in c.fetchall()])";
}
