namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>A task definition that cannot be rendered or is not valid: one line naming the file (or source) and the member.</summary>
public sealed class TaskDefinitionException(string message) : DeployException(message);
