namespace Pipeline.Deploy.Edge;

/// <summary>Loopback ports of an edge. Control 0 lets the system pick one (it is written to edge.json).</summary>
/// <param name="Public">The stable port users and load generators call.</param>
/// <param name="Test">The test listener (always the test colour), or null for none.</param>
/// <param name="Control">The control API port; 0 = any free port.</param>
public sealed record EdgePorts(int Public, int? Test = null, int Control = 0);
