namespace Pipeline.Lambda.Local;

/// <summary>A problem starting or running the local Lambda itself (not an API error), one line for a human.</summary>
public sealed class LambdaLocalException : Exception
{
    public LambdaLocalException(string message)
        : base(message)
    {
    }

    public LambdaLocalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
