using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Generation;

/// <summary>The steps every .NET job starts with: checkout, the SDK from global.json, the NuGet package cache.</summary>
public static class DotNetSteps
{
    public static IReadOnlyList<Step> Setup(WorkflowOptions options)
    {
        var hash = string.Join(", ", options.CacheKeyFiles.Select(f => $"'{f.Replace("'", "''", StringComparison.Ordinal)}'"));
        return
        [
            Step.Action("Check out", options.Pins.Checkout, new Dictionary<string, string> { ["persist-credentials"] = "false" }),
            Step.Action("Set up .NET", options.Pins.SetupDotNet, new Dictionary<string, string> { ["global-json-file"] = "global.json" }),
            Step.Action("Cache NuGet packages", options.Pins.Cache, new Dictionary<string, string>
            {
                ["path"] = "~/.nuget/packages",
                ["key"] = $"nuget-${{{{ runner.os }}}}-${{{{ hashFiles({hash}) }}}}",
                ["restore-keys"] = "nuget-${{ runner.os }}-",
            }),
        ];
    }
}
