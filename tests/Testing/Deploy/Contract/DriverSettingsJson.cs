using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Deploy.Environments;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>The deploy driver's <c>--settings</c>: <c>{"type": "&lt;settings type, assembly&gt;", "settings": {…}}</c>.</summary>
public static class DriverSettingsJson
{
    public static string Write(PlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var type = settings.GetType();
        return new JsonObject
        {
            ["type"] = $"{type.FullName}, {type.Assembly.GetName().Name}",
            ["settings"] = JsonSerializer.SerializeToNode(settings, type),
        }.ToJsonString();
    }
}
