using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Sample.Tests;

public sealed class EndpointTests(SharedSampleHosts shared) : IClassFixture<SharedSampleHosts>
{
    [Fact]
    public async Task Live_answers_even_without_a_schema()
    {
        using var http = shared.Unmigrated.CreateClient();

        using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_fails_with_a_reason_when_the_schema_is_missing()
    {
        using var http = shared.Unmigrated.CreateClient();

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("schema missing: table todos not found; run the migrations (./build.sh Migrate)", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Ready_answers_after_the_migrations_ran()
    {
        using var http = shared.Migrated.CreateClient();

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Version_comes_from_the_deploy_environment()
    {
        using var host = new SampleHost(true, ("PIPELINE_VERSION", "1.4.2"), ("PIPELINE_GIT_SHA", "abc1234"));
        using var http = host.CreateClient();

        var body = await http.GetFromJsonAsync<JsonElement>(new Uri("/version", UriKind.Relative));

        Assert.Equal("1.4.2", body.GetProperty("version").GetString());
        Assert.Equal("abc1234", body.GetProperty("gitSha").GetString());
        Assert.Equal("pipeline-sample", body.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Version_falls_back_to_the_assembly()
    {
        using var http = shared.Migrated.CreateClient();

        var body = await http.GetFromJsonAsync<JsonElement>(new Uri("/version", UriKind.Relative));

        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("gitSha").GetString()));
    }

    [Fact]
    public async Task Todos_are_created_listed_and_found_in_the_database()
    {
        using var host = new SampleHost();
        using var http = host.CreateClient();

        using var created = await http.PostAsJsonAsync(new Uri("/todos", UriKind.Relative), new { title = "ship it" });
        var todo = await created.Content.ReadFromJsonAsync<Todo>();
        var found = await http.GetFromJsonAsync<Todo>(created.Headers.Location!);
        var all = await http.GetFromJsonAsync<List<Todo>>(new Uri("/todos", UriKind.Relative));
        using var missing = await http.GetAsync(new Uri("/todos/999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ship it", todo!.Title);
        Assert.Equal(todo, found);
        Assert.Equal([todo], all);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_todo_can_be_deleted_and_is_gone_so_smoke_tests_leave_no_data()
    {
        using var host = new SampleHost();
        using var http = host.CreateClient();

        using var created = await http.PostAsJsonAsync(new Uri("/todos", UriKind.Relative), new { title = "smoke test" });
        using var deleted = await http.DeleteAsync(created.Headers.Location!);
        using var again = await http.DeleteAsync(created.Headers.Location!);
        using var gone = await http.GetAsync(created.Headers.Location!);
        var all = await http.GetFromJsonAsync<List<Todo>>(new Uri("/todos", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(all!);
    }

    [Fact]
    public async Task Creating_a_todo_without_title_is_a_400()
    {
        using var http = shared.Migrated.CreateClient();

        using var response = await http.PostAsJsonAsync(new Uri("/todos", UriKind.Relative), new { title = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
