namespace Pipeline.Deploy.Edge;

/// <summary>Outcome of draining a colour: whether its in-flight requests reached 0 before the timeout.</summary>
/// <param name="Colour">The colour drained.</param>
/// <param name="Drained">True when no request to it is in flight any more.</param>
/// <param name="InFlight">Requests still in flight when the edge answered (0 when drained).</param>
/// <param name="WaitedMs">How long the edge waited, in milliseconds.</param>
public sealed record DrainResult(EdgeColour Colour, bool Drained, int InFlight, long WaitedMs);
