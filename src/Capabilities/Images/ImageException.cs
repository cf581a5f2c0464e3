namespace Pipeline.Images;

/// <summary>
/// Base of the errors this capability throws for conditions a person must fix. <see cref="Exception.Message"/> is one
/// line: what went wrong, where, and what to do.
/// </summary>
public class ImageException : Exception
{
    public ImageException()
    {
    }

    public ImageException(string message)
        : base(message)
    {
    }

    public ImageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An image reference (name, tag or digest) does not follow the reference grammar.</summary>
public sealed class InvalidImageReferenceException(string message) : ImageException(message);

/// <summary>No Docker engine answers at the configured endpoint.</summary>
public sealed class DockerEngineUnavailableException(string message, Exception? inner) : ImageException(message, inner);

/// <summary>A Dockerfile step (or the Dockerfile itself) failed; the message names the step and its last output.</summary>
public sealed class ImageBuildException(string message, string? step, IReadOnlyList<string> outputTail) : ImageException(message)
{
    /// <summary>The failing step as the engine printed it, e.g. <c>Step 3/5 : RUN exit 3</c>; null before the first step.</summary>
    public string? Step { get; } = step;

    /// <summary>The last output lines of the failing step.</summary>
    public IReadOnlyList<string> OutputTail { get; } = outputTail;
}

/// <summary>The registry rejected the credentials (HTTP 401 / unauthorized).</summary>
public sealed class RegistryAuthenticationException(string message) : ImageException(message);

/// <summary>The registry could not be reached, timed out or answered with an unexpected error.</summary>
public sealed class RegistryUnavailableException(string message, Exception? inner = null) : ImageException(message, inner);

/// <summary>The push failed for a reason other than authentication.</summary>
public sealed class ImagePushException(string message) : ImageException(message);

/// <summary>The tag already exists at a different digest in a repository whose tags are immutable.</summary>
public sealed class ImageTagImmutableException(string message) : ImageException(message);
