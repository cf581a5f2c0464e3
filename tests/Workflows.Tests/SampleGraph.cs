using Pipeline.Engine.Graph;

namespace Pipeline.Workflows.Tests;

/// <summary>A target graph shaped like this repository's build, with artifacts that cross jobs.</summary>
internal static class SampleGraph
{
    public static IReadOnlyList<TargetInfo> Targets { get; } =
    [
        new("Restore"),
        new("Compile") { DependsOn = ["Restore"], Produces = ["artifacts/bin"] },
        new("Lint") { DependsOn = ["Restore"] },
        new("Test") { DependsOn = ["Compile"], Consumes = ["artifacts/bin"] },
        new("Integration") { DependsOn = ["Compile"], Consumes = ["artifacts/bin"] },
        new("Image") { DependsOn = ["Compile"] },
        new("Push") { DependsOn = ["Image"] },
        new("Migrate") { DependsOn = ["Compile"] },
        new("Deploy") { DependsOn = ["Push", "Migrate"] },
        new("Pack") { DependsOn = ["Compile"], Produces = ["artifacts/packages"] },
        new("Publish") { DependsOn = ["Pack"], Consumes = ["artifacts/packages/Pipeline.nupkg"] },
    ];

    public static TargetGraph Create() => new(Targets);

    public static TargetGraph Create(Func<TargetInfo, TargetInfo> change) => new(Targets.Select(change));
}
