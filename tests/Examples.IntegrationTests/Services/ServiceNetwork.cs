using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>
/// A Docker network of an example's services with one PostgreSQL (alias <c>db</c>, the databases the services' migrations
/// create tables in), as the ECS tasks would share Aurora: containers reach each other by alias, the test reaches each
/// through its published loopback port.
/// </summary>
public sealed class ServiceNetwork : IAsyncDisposable
{
    public const string DatabasePassword = "example";

    private readonly List<string> containers = [];

    private ServiceNetwork(string name) => Name = name;

    public string Name { get; }

    /// <summary>The URL a service on this network uses for <paramref name="database"/> (created by <see cref="StartAsync"/>).</summary>
    public static string DatabaseUrl(string database) => $"postgresql://postgres:{DatabasePassword}@db:5432/{database}";

    /// <summary>Creates the network and starts PostgreSQL with <paramref name="databases"/>, ready when it returns.</summary>
    public static async Task<ServiceNetwork> StartAsync(params string[] databases)
    {
        var network = new ServiceNetwork($"example-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            await DockerCli.OkAsync(["network", "create", network.Name]);
            var postgres = await network.RunAsync("db", TestImages.Postgres, [], new Dictionary<string, string>
            {
                ["POSTGRES_PASSWORD"] = DatabasePassword,
                ["POSTGRES_USER"] = "postgres",
                ["POSTGRES_DB"] = "postgres",
            });
            await Eventually.WaitForAsync(
                async () => (await DockerCli.RunAsync(["exec", postgres, "pg_isready", "-h", "127.0.0.1", "-U", "postgres"])).ExitCode == 0,
                TimeSpan.FromSeconds(60), "PostgreSQL accepting connections");
            foreach (var database in databases)
            {
                await DockerCli.OkAsync(["exec", "-e", $"PGPASSWORD={DatabasePassword}", postgres, "psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", $"CREATE DATABASE {database}"]);
            }
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        return network;
    }

    /// <summary>Starts <paramref name="image"/> detached on the network under <paramref name="alias"/>; its container id.</summary>
    public async Task<string> RunAsync(string alias, string image, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, bool publish = false)
    {
        List<string> arguments = ["run", "-d", "--network", Name, "--network-alias", alias, "--name", $"{Name}-{alias}"];
        arguments.AddRange(environment.SelectMany(e => new[] { "-e", $"{e.Key}={e.Value}" }));
        if (publish)
        {
            arguments.AddRange(["-p", "127.0.0.1::8080"]);
        }

        var id = await DockerCli.OkAsync([.. arguments, image, .. command]);
        containers.Add(id);
        return id;
    }

    /// <summary>Runs <paramref name="command"/> from <paramref name="image"/> on the network to its end (a migrations task).</summary>
    public Task<CliWrap.Buffered.BufferedCommandResult> RunToEndAsync(string image, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment) =>
        DockerCli.RunAsync(["run", "--rm", "--network", Name, .. environment.SelectMany(e => new[] { "-e", $"{e.Key}={e.Value}" }), image, .. command]);

    /// <summary>Starts a service (its port 8080 published on loopback) and waits until <paramref name="readyPath"/> answers 200.</summary>
    public async Task<Uri> StartServiceAsync(string alias, string image, IReadOnlyDictionary<string, string> environment, string readyPath)
    {
        var id = await RunAsync(alias, image, [], environment, publish: true);
        var port = (await DockerCli.OkAsync(["port", id, "8080/tcp"])).Split('\n')[0].Split(':')[^1];
        var url = new Uri($"http://127.0.0.1:{int.Parse(port, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}/");
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.WaitForAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri(readyPath, UriKind.Relative))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"{alias} answering {readyPath} (logs: docker logs {Name}-{alias})");
        return url;
    }

    /// <summary>GET <paramref name="path"/> as JSON, asserting the status.</summary>
    public static async Task<JsonNode> GetJsonAsync(Uri service, string path, int status = 200)
    {
        using var http = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>POST <paramref name="body"/> as JSON to <paramref name="path"/>, asserting the status.</summary>
    public static async Task<JsonNode> PostJsonAsync(Uri service, string path, object body, int status)
    {
        using var http = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        if (containers.Count > 0)
        {
            await DockerCli.RunAsync(["rm", "-f", "-v", .. containers]);
        }

        await DockerCli.RunAsync(["network", "rm", Name]);
    }
}
