using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Execution;

/// <summary>Checks every scheduled target's <c>Requires</c> before anything runs, and reports all problems at once.</summary>
internal static class Requirements
{
    public static void Check(IEnumerable<ExecutableTarget> scheduled, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var problems = new List<string>();
        foreach (var target in scheduled)
        {
            foreach (var requirement in target.RequiredParameters)
            {
                if (!IsMissing(requirement.Evaluate()))
                {
                    continue;
                }

                var member = requirement.MemberName;
                var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, member, StringComparison.OrdinalIgnoreCase));
                problems.Add(parameter is null
                    ? $"Target '{target.Name}' requires {requirement.Text} to have a value."
                    : $"Target '{target.Name}' requires parameter {parameter.CliName}: pass {parameter.CliName} <value>, set {parameter.EnvironmentName}, or add \"{parameter.Name}\" to .nuke/parameters.json.");
            }

            foreach (var condition in target.RequiredConditions.Where(c => !c.Evaluate()))
            {
                problems.Add($"Target '{target.Name}' requires {condition.Text}, which is false.");
            }

            problems.AddRange(target.SettingChecks.Select(check => check()).OfType<string>().Select(problem => $"Target '{target.Name}': {problem}"));
        }

        if (problems.Count > 0)
        {
            throw new RequirementException(string.Join("\nerror: ", problems));
        }
    }

    private static bool IsMissing(object? value) => value switch
    {
        null => true,
        string text => string.IsNullOrWhiteSpace(text),
        Array array => array.Length == 0,
        _ => false,
    };
}
