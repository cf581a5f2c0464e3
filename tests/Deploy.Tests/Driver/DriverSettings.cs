using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Deploy.Environments;

namespace Pipeline.Deploy.Driver;

/// <summary>
/// The environment's platform settings the driver deploys with: a JSON file (or text) naming the settings type and its
/// members, <c>{"type": "Pipeline.Deploy.Process.ProcessPlatformSettings, Pipeline.Deploy", "settings": {…}}</c>.
/// Tests serialize the very settings object they declare; the benchmarks use the files in <c>presets/</c>.
/// </summary>
public static class DriverSettings
{
    public static PlatformSettings Read(string fileOrJson, int publicPort, int testPort)
    {
        ArgumentNullException.ThrowIfNull(fileOrJson);
        var text = fileOrJson.TrimStart().StartsWith('{') ? fileOrJson : File.ReadAllText(fileOrJson);
        var document = JsonNode.Parse(text)?.AsObject() ?? throw new ArgumentException("--settings is empty");
        var typeName = document["type"]?.GetValue<string>() ?? throw new ArgumentException("--settings has no \"type\"");
        var type = Type.GetType(typeName) ?? throw new ArgumentException($"--settings type '{typeName}' is not found");
        var settings = document["settings"] ?? new JsonObject();
        if (publicPort > 0)
        {
            settings["PublicPort"] = publicPort;
            settings["TestPort"] = testPort;
        }

        return settings.Deserialize(type) as PlatformSettings ?? throw new ArgumentException($"--settings type '{typeName}' is not a PlatformSettings");
    }
}
