namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>
/// Members <c>DescribeTaskDefinition</c> returns that <c>RegisterTaskDefinition</c> refuses: dropped to re-register a
/// running definition. A deny-list, so members AWS adds later are kept (an allow-list silently loses them); a test
/// checks that it is exactly the output-only members of the model's <c>TaskDefinition</c>.
/// </summary>
public static class DescribeOnlyMembers
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
        "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt",
    ];
}
