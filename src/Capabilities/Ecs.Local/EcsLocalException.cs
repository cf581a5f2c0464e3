namespace Pipeline.Ecs.Local;

/// <summary>A problem starting or running the local ECS itself (not an API error), one line for a human.</summary>
public sealed class EcsLocalException : Exception
{
    public EcsLocalException(string message)
        : base(message)
    {
    }

    public EcsLocalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
