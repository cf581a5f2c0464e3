namespace Pipeline.Lambda.Local.Functions;

/// <summary>A function URL: the alias (or none) it invokes, and the loopback port it listens on, kept across restarts.</summary>
internal sealed class FunctionUrlState
{
    /// <summary>The alias the URL invokes, or "" for the unqualified function ($LATEST).</summary>
    public required string Qualifier { get; init; }

    public required string AuthType { get; set; }

    public string InvokeMode { get; set; } = "BUFFERED";

    /// <summary>The Cors member as the caller sent it (JSON), returned as it is.</summary>
    public string? Cors { get; set; }

    public int Port { get; set; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset LastModifiedTime { get; set; }
}
