namespace Pipeline.GitHub.Environments;

/// <summary>A secret apply writes: its value is read from <see cref="Source"/> at the moment it is encrypted, never kept.</summary>
public sealed record SecretWrite(string Environment, string Name, SecretSource Source)
{
    public override string ToString() => $"environment '{Environment}': secret {Name}: write (value from ${Source.EnvironmentVariable}, encrypted)";
}
