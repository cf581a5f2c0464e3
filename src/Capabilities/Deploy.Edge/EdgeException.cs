namespace Pipeline.Deploy.Edge;

/// <summary>An edge operation failed; <see cref="Exception.Message"/> is one line for a human (what, where, what to do).</summary>
public class EdgeException : Exception
{
    public EdgeException(string message) : base(message) { }

    public EdgeException(string message, Exception innerException) : base(message, innerException) { }

    public EdgeException() { }

    /// <summary>What the user does about it; the caller words it as its own command.</summary>
    public EdgeRemedy Remedy { get; init; }
}

/// <summary>No edge answers for a state directory (not started, stopped, or killed).</summary>
public sealed class EdgeUnreachableException : EdgeException
{
    public EdgeUnreachableException(string message) : base(message) { }

    public EdgeUnreachableException(string message, Exception innerException) : base(message, innerException) { }

    public EdgeUnreachableException() { }
}
