using Pipeline.Examples.IntegrationTests.Services;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/api-frontend's services as their images run them: the Python API's two Alembic migrations on a real
/// PostgreSQL from the API's own image, the API and the Node web frontend (its page, /api/ forwarded to the API).
/// </summary>
[Collection(ExampleImagesCollection.Name)]
public sealed class ApiFrontendServicesTests(ExampleImages images, ITestOutputHelper output)
{
    private const string Example = "api-frontend";

    [FactRequiring(Requirement.Docker)]
    public async Task The_api_migrates_postgresql_with_alembic_and_the_frontend_serves_its_page_and_the_api()
    {
        var api = await images.GetAsync(Example, "api");
        var web = await images.GetAsync(Example, "web");
        output.WriteLine($"images built in {api.BuildTime.TotalSeconds:0.0} s (api), {web.BuildTime.TotalSeconds:0.0} s (web)");
        await using var network = await ServiceNetwork.StartAsync("items");
        var database = new Dictionary<string, string> { ["DATABASE_URL"] = ServiceNetwork.DatabaseUrl("items") };

        var migrated = await network.RunToEndAsync(api.Tag, ["python3", "-m", "alembic", "upgrade", "head"], database);
        Assert.True(migrated.ExitCode == 0, $"alembic upgrade head exited {migrated.ExitCode}: {migrated.StandardError}");
        Assert.Contains("Running upgrade 0001 -> 0002", migrated.StandardError, StringComparison.Ordinal);
        var again = await network.RunToEndAsync(api.Tag, ["python3", "-m", "alembic", "upgrade", "head"], database);
        Assert.DoesNotContain("Running upgrade", again.StandardError, StringComparison.Ordinal);

        var apiUrl = await network.StartServiceAsync("api", api.Tag, database, "/ready");
        Assert.Equal("0002", (await ServiceNetwork.GetJsonAsync(apiUrl, "/ready"))["revision"]!.GetValue<string>());
        var webUrl = await network.StartServiceAsync("web", web.Tag, new Dictionary<string, string> { ["API_URL"] = "http://api:8080/" }, "/health");

        using var http = new HttpClient { BaseAddress = webUrl, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("<h1>Items</h1>", await http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        var created = await ServiceNetwork.PostJsonAsync(webUrl, "/api/items", new { title = "plan the release" }, 201);
        Assert.False(created["done"]!.GetValue<bool>()); // the column the second migration added
        var items = (await ServiceNetwork.GetJsonAsync(apiUrl, "/api/items"))["items"]!.AsArray();
        Assert.Equal("plan the release", Assert.Single(items)!["title"]!.GetValue<string>());
    }
}
