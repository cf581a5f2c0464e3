using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Generation;

/// <summary>The steps every .NET job starts with: checkout, the SDK from global.json, the NuGet package cache.</summary>
public static class DotNetSteps
{
    /// <param name="options">Pins and cache key files.</param>
    /// <param name="checkout">History depth, submodules, LFS, ref.</param>
    /// <param name="restoreCache">
    /// False in jobs that assume a cloud role: a cache entry is writable by any workflow run on the branch, so a poisoned
    /// package could run with the credentials; those jobs restore from the feed.
    /// </param>
    public static IReadOnlyList<Step> Setup(WorkflowOptions options, CheckoutOptions? checkout = null, bool restoreCache = true)
    {
        var hash = string.Join(", ", options.CacheKeyFiles.Select(f => $"'{f.Replace("'", "''", StringComparison.Ordinal)}'"));
        List<Step> steps =
        [
            Step.Action("Check out", options.Pins.Checkout, (checkout ?? new CheckoutOptions()).With()),
            Step.Action("Set up .NET", options.Pins.SetupDotNet, new Dictionary<string, string> { ["global-json-file"] = "global.json" }),
        ];
        if (restoreCache)
        {
            steps.Add(Step.Action("Cache NuGet packages", options.Pins.Cache, new Dictionary<string, string>
            {
                ["path"] = "~/.nuget/packages",
                ["key"] = $"nuget-${{{{ runner.os }}}}-${{{{ hashFiles({hash}) }}}}",
                ["restore-keys"] = "nuget-${{ runner.os }}-",
            }));
        }

        return steps;
    }
}
