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
        new("Publish") { DependsOn = ["Compile"], Produces = ["artifacts/publish"] },
        new("Image") { DependsOn = ["Publish"] },
        new("Push") { DependsOn = ["Image"] },
        new("ImageWorker") { DependsOn = ["Publish"] },
        new("PushWorker") { DependsOn = ["ImageWorker"] },
        new("Migrate") { DependsOn = ["Compile"] },
        new("Deploy") { DependsOn = ["Publish", "Test"] },
        new("Pack") { DependsOn = ["Compile"], Produces = ["artifacts/packages"] },
        new("PushPackages") { DependsOn = ["Pack"], Consumes = ["artifacts/packages/Pipeline.nupkg"] },
        new("Workflows"),
        new("Rollback"),
    ];

    public static TargetGraph Create() => new(Targets);

    public static TargetGraph Create(Func<TargetInfo, TargetInfo> change) => new(Targets.Select(change));
}
