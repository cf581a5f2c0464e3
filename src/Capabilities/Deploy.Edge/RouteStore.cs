using System.Text.Json;

namespace Pipeline.Deploy.Edge;

/// <summary>Keeps the route table in the state directory so that a restarted edge serves the same colours.</summary>
internal static class RouteStore
{
    public static async Task SaveAsync(string stateDirectory, RouteTable routes, CancellationToken ct)
    {
        var path = Path.Combine(stateDirectory, EdgeInfo.RoutesFileName);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(routes, EdgeJson.Indented) + "\n", ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved table, or <see cref="RouteTable.Empty"/> when there is none or it is unreadable.</summary>
    public static RouteTable Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, EdgeInfo.RoutesFileName);
        try
        {
            var routes = File.Exists(path) ? JsonSerializer.Deserialize<RouteTable>(File.ReadAllText(path), EdgeJson.Options) : null;
            return routes is not null && routes.Validate() is null ? routes : RouteTable.Empty;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return RouteTable.Empty;
        }
    }
}
