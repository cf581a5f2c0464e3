namespace Pipeline.Deploy.Ecs;

/// <summary>
/// Tags Pipeline puts on the task definitions it registers, so history read from ECS names versions and commits
/// without any file on the deploying machine.
/// </summary>
public static class ReleaseTags
{
    public const string Version = "pipeline:version";

    public const string GitSha = "pipeline:git-sha";

    public const string Environment = "pipeline:environment";
}
