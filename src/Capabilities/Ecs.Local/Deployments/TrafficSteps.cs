namespace Pipeline.Ecs.Local.Deployments;

/// <summary>The production traffic steps of a strategy: the target revision's weight after each step, and the bake after it.</summary>
internal static class TrafficSteps
{
    public const double DefaultStepPercent = 10;
    public const int DefaultStepBakeMinutes = 6;
    public const double DefaultCanaryPercent = 5;
    public const int DefaultCanaryBakeMinutes = 10;

    public static IReadOnlyList<(double Weight, double BakeMinutes)> Of(DeploymentConfiguration configuration)
    {
        switch (configuration.StrategyOrDefault)
        {
            case "LINEAR":
                var step = configuration.LinearConfiguration?.StepPercent ?? DefaultStepPercent;
                var bake = configuration.LinearConfiguration?.StepBakeTimeInMinutes ?? DefaultStepBakeMinutes;
                var steps = new List<(double, double)>();
                for (var weight = step; weight < 100 - 1e-9; weight += step)
                {
                    steps.Add((Math.Round(weight, 3), bake));
                }

                steps.Add((100, 0));
                return steps;
            case "CANARY":
                var canary = configuration.CanaryConfiguration?.CanaryPercent ?? DefaultCanaryPercent;
                return canary >= 100
                    ? [(100, 0)]
                    : [(canary, configuration.CanaryConfiguration?.CanaryBakeTimeInMinutes ?? DefaultCanaryBakeMinutes), (100, 0)];
            default:
                return [(100, 0)];
        }
    }

    /// <summary>The edge's whole-percent weight for a requested weight: never 0 for a share above 0, never 100 below 100.</summary>
    public static int EdgeWeight(double weight) => weight switch
    {
        <= 0 => 0,
        >= 100 => 100,
        _ => Math.Clamp((int)Math.Round(weight), 1, 99),
    };
}
