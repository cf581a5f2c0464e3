namespace Pipeline.Deploy.Edge;

/// <summary>One colour's upstream: where it listens, its share of production traffic, and an optional label.</summary>
/// <param name="Address">Absolute http URL of the upstream, e.g. http://127.0.0.1:5101.</param>
/// <param name="Weight">Share of public traffic in percent, 0..100.</param>
/// <param name="Version">Free label shown by Status (e.g. the version deployed on this colour).</param>
public sealed record UpstreamRoute(Uri Address, int Weight, string? Version = null);
