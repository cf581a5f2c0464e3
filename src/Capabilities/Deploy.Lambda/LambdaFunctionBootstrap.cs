namespace Pipeline.Deploy.Lambda;

/// <summary>How a rehearsal or test environment's function is created on its first Deploy (and deleted by Down).</summary>
public sealed record LambdaFunctionBootstrap
{
    /// <summary>The function's execution role ARN (every version shares it, as weighted aliases require).</summary>
    public required string ExecutionRole { get; init; }

    /// <summary>The function's timeout in seconds.</summary>
    public int Timeout { get; init; } = 10;

    public int MemorySize { get; init; } = 256;

    /// <summary>Gives the alias a function URL (AuthType NONE) when the first deploy creates it.</summary>
    public bool FunctionUrl { get; init; } = true;
}
