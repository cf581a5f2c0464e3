namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>
/// The part of the official ECS model that a task definition is checked against before registering: the members of
/// <c>RegisterTaskDefinitionRequest</c> and of <c>ContainerDefinition</c>, each with its JSON kind, whether it is
/// required, and its enum values. Shipped because the model file is not; a test keeps it equal to the model.
/// </summary>
public static class TaskDefinitionSchema
{
    /// <summary>Members of <c>RegisterTaskDefinitionRequest</c>.</summary>
    public static IReadOnlyDictionary<string, SchemaMember> TaskMembers { get; } = new Dictionary<string, SchemaMember>(StringComparer.Ordinal)
    {
        ["containerDefinitions"] = new("list", true, null),
        ["cpu"] = new("string", false, null),
        ["enableFaultInjection"] = new("boolean", false, null),
        ["ephemeralStorage"] = new("structure", false, null),
        ["executionRoleArn"] = new("string", false, null),
        ["family"] = new("string", true, null),
        ["inferenceAccelerators"] = new("list", false, null),
        ["ipcMode"] = new("string", false, ["host", "task", "none"]),
        ["memory"] = new("string", false, null),
        ["networkMode"] = new("string", false, ["bridge", "host", "awsvpc", "none"]),
        ["pidMode"] = new("string", false, ["host", "task"]),
        ["placementConstraints"] = new("list", false, null),
        ["proxyConfiguration"] = new("structure", false, null),
        ["requiresCompatibilities"] = new("list", false, ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"]),
        ["runtimePlatform"] = new("structure", false, null),
        ["tags"] = new("list", false, null),
        ["taskRoleArn"] = new("string", false, null),
        ["volumes"] = new("list", false, null),
    };

    /// <summary>Members of <c>ContainerDefinition</c>.</summary>
    public static IReadOnlyDictionary<string, SchemaMember> ContainerMembers { get; } = new Dictionary<string, SchemaMember>(StringComparer.Ordinal)
    {
        ["command"] = new("list", false, null),
        ["cpu"] = new("integer", false, null),
        ["credentialSpecs"] = new("list", false, null),
        ["dependsOn"] = new("list", false, null),
        ["disableNetworking"] = new("boolean", false, null),
        ["dnsSearchDomains"] = new("list", false, null),
        ["dnsServers"] = new("list", false, null),
        ["dockerLabels"] = new("map", false, null),
        ["dockerSecurityOptions"] = new("list", false, null),
        ["entryPoint"] = new("list", false, null),
        ["environment"] = new("list", false, null),
        ["environmentFiles"] = new("list", false, null),
        ["essential"] = new("boolean", false, null),
        ["extraHosts"] = new("list", false, null),
        ["firelensConfiguration"] = new("structure", false, null),
        ["healthCheck"] = new("structure", false, null),
        ["hostname"] = new("string", false, null),
        ["image"] = new("string", false, null),
        ["interactive"] = new("boolean", false, null),
        ["links"] = new("list", false, null),
        ["linuxParameters"] = new("structure", false, null),
        ["logConfiguration"] = new("structure", false, null),
        ["memory"] = new("integer", false, null),
        ["memoryReservation"] = new("integer", false, null),
        ["mountPoints"] = new("list", false, null),
        ["name"] = new("string", false, null),
        ["portMappings"] = new("list", false, null),
        ["privileged"] = new("boolean", false, null),
        ["pseudoTerminal"] = new("boolean", false, null),
        ["readonlyRootFilesystem"] = new("boolean", false, null),
        ["repositoryCredentials"] = new("structure", false, null),
        ["resourceRequirements"] = new("list", false, null),
        ["restartPolicy"] = new("structure", false, null),
        ["secrets"] = new("list", false, null),
        ["startTimeout"] = new("integer", false, null),
        ["stopTimeout"] = new("integer", false, null),
        ["systemControls"] = new("list", false, null),
        ["ulimits"] = new("list", false, null),
        ["user"] = new("string", false, null),
        ["versionConsistency"] = new("string", false, ["enabled", "disabled"]),
        ["volumesFrom"] = new("list", false, null),
        ["workingDirectory"] = new("string", false, null),
    };
}

/// <summary>One member: the model's type (<c>string</c>, <c>integer</c>, <c>boolean</c>, <c>list</c>, <c>map</c>, <c>structure</c>), required, enum values (of the list's items for a list).</summary>
public sealed record SchemaMember(string Type, bool Required, IReadOnlyList<string>? Enum);
