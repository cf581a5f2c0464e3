using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Ecs.Local.IntegrationTests.Support;

/// <summary>One test's cluster, blue/green service and loopback listeners, set up with Pipeline's AWS client.</summary>
internal sealed class Scenario(LocalEcsFixture ecs, string name)
{
    public string Cluster { get; } = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    public string Family => Cluster;

    public string Service => "web";

    public (int Production, int Test) Ports { get; } = Free();

    public Uri ProductionUrl => new($"http://127.0.0.1:{Ports.Production}/");

    public Uri TestUrl => new($"http://127.0.0.1:{Ports.Test}/");

    /// <summary>Registers revisions answering v1, v2, … (<paramref name="bodies"/>), creates the cluster and a BLUE_GREEN service on v1 and waits until it serves.</summary>
    public async Task StartAsync(params string[] bodies)
    {
        foreach (var body in bodies)
        {
            await RegisterAsync(TaskDefinitions.Web(Family, body));
        }

        await ecs.CallAsync("CreateCluster", new JsonObject { ["clusterName"] = Cluster });
        var created = await ecs.CallAsync("CreateService", new JsonObject
        {
            ["cluster"] = Cluster,
            ["serviceName"] = Service,
            ["taskDefinition"] = $"{Family}:1",
            ["desiredCount"] = 1,
            ["loadBalancers"] = TaskDefinitions.LoadBalancers(Ports.Production, Ports.Test),
            ["deploymentConfiguration"] = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 },
        });
        var first = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
        await ecs.WaitDeploymentAsync(first, d => Status(d) == "SUCCESSFUL", TimeSpan.FromSeconds(60), "SUCCESSFUL");
        Assert.Equal(bodies[0], await GetAsync(ProductionUrl));
    }

    public async Task<string> RegisterAsync(JsonObject definition) =>
        (await ecs.CallAsync("RegisterTaskDefinition", definition))["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>();

    /// <summary>UpdateService to <paramref name="taskDefinition"/> with <paramref name="configuration"/>; returns the new service deployment ARN.</summary>
    public async Task<string> UpdateAsync(string taskDefinition, JsonObject configuration)
    {
        var updated = await ecs.CallAsync("UpdateService", new JsonObject
        {
            ["cluster"] = Cluster,
            ["service"] = Service,
            ["taskDefinition"] = taskDefinition,
            ["deploymentConfiguration"] = configuration,
        });
        return updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
    }

    public async Task DeleteAsync()
    {
        await ecs.CallAsync("DeleteService", new JsonObject { ["cluster"] = Cluster, ["service"] = Service, ["force"] = true });
    }

    private static (int Production, int Test) Free()
    {
        var (production, test) = LoopbackPorts.FreePair();
        return (production, test);
    }

    public static string? Status(JsonNode deployment) => deployment["status"]?.GetValue<string>();

    /// <summary>Whether a service deployment has ended (SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED).</summary>
    public static bool IsFinished(JsonNode deployment) => Status(deployment) is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";

    public static string? Stage(JsonNode deployment) => deployment["lifecycleStage"]?.GetValue<string>();

    public static double Weight(JsonNode deployment, string member) =>
        deployment["targetServiceRevision"]?[member]?.GetValue<double>() ?? -1;

    /// <summary>The body a listener answers (trimmed), or "HTTP n".</summary>
    public static async Task<string> GetAsync(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(url);
        return (int)response.StatusCode == 200 ? (await response.Content.ReadAsStringAsync()).Trim() : $"HTTP {(int)response.StatusCode}";
    }
}
