using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Sample.Tests;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Testcontainers.PostgreSql;

namespace Pipeline.Sample.IntegrationTests;

/// <summary>The sample on a real PostgreSQL (image from PIPELINE_POSTGRES_IMAGE; offline: pipeline-offline/postgres:15).</summary>
public sealed class PostgresTests
{
    [FactRequiring(Requirement.Docker)]
    public async Task Ready_and_todos_work_on_postgres_once_migrated()
    {
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        await DockerApiVersion.EnsureNegotiatedAsync();
        await using var postgres = new PostgreSqlBuilder(TestImages.Postgres).Build();
        await postgres.StartAsync();

        using var host = new SampleHost(postgres.GetConnectionString());
        using var http = host.CreateClient();

        using (var before = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            var reason = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            Assert.StartsWith("schema missing", reason, StringComparison.Ordinal);
        }

        SampleHost.Migrate(postgres.GetConnectionString(), postgres: true);

        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var created = await http.PostAsJsonAsync(new Uri("/todos", UriKind.Relative), new { title = "on postgres", done = true });
        var todo = await created.Content.ReadFromJsonAsync<Todo>();
        var found = await http.GetFromJsonAsync<Todo>(created.Headers.Location!);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(todo, found);
        Assert.True(found!.Done);
    }
}
