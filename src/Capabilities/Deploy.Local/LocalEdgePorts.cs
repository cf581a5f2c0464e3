namespace Pipeline.Deploy.Local;

/// <summary>The loopback ports of a local environment's edge proxy.</summary>
/// <param name="Public">The stable port the service is reached on.</param>
/// <param name="Test">The test listener (always the new revision while deploying).</param>
public sealed record LocalEdgePorts(int Public, int Test)
{
    /// <summary>The production URL: http://127.0.0.1:&lt;public port&gt;/.</summary>
    public Uri PublicUrl => new($"http://127.0.0.1:{Public}/");

    /// <summary>Null when valid; otherwise one line saying what is wrong with environment <paramref name="environment"/>'s ports.</summary>
    public string? Validate(string environment) => this switch
    {
        { Public: < 1 or > 65535 } => $"environment '{environment}': public port {Public} is outside 1..65535",
        { Test: < 1 or > 65535 } => $"environment '{environment}': test port {Test} is outside 1..65535",
        _ when Public == Test => $"environment '{environment}': public and test port are both {Public}; give each its own",
        _ => null,
    };
}
