namespace Pipeline.GitHub.Environments;

/// <summary>Where an environment secret's value comes from when it is applied: an environment variable.</summary>
/// <param name="EnvironmentVariable">The variable of the applying machine that holds the value.</param>
public sealed record SecretSource(string EnvironmentVariable)
{
    /// <summary>The value from <see cref="EnvironmentVariable"/>, or null when it is not set.</summary>
    public string? Read() => System.Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;
}
