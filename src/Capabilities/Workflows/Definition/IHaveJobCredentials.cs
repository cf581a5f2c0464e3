namespace Pipeline.Workflows.Definition;

/// <summary>
/// A declaration that knows how a generated job signs in to what it declares: an environment's platform settings (the
/// deploy job of an ECS or Lambda environment assumes an AWS role), a registry (the image job). The build's components
/// ask it and hand the answer to the generator, which knows no cloud: a platform outside AWS implements this on its own
/// settings, in its own folder, with its own <see cref="Definition.JobCredentials"/>.
/// </summary>
public interface IHaveJobCredentials
{
    /// <summary>How the job signs in; null: it needs no credentials (a local platform, a rehearsal on a stand-in).</summary>
    JobCredentials? JobCredentials { get; }
}
