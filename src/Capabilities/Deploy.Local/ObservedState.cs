namespace Pipeline.Deploy.Local;

/// <summary>
/// What runs in a local environment as reconcile, Status and Down see it: current.json checked against the revisions
/// found running, or rebuilt from them (and the edge's weights) when current.json is missing or not valid JSON.
/// </summary>
/// <param name="State">The state to act on.</param>
/// <param name="Rebuilt">Why the state was rebuilt from what runs (null when read from current.json).</param>
/// <param name="Notes">One line per difference between current.json and what runs (adopted revisions).</param>
/// <param name="Untracked">Revisions found running that the state cannot hold (a second one of a colour): to stop.</param>
public sealed record ObservedState(EnvironmentState State, string? Rebuilt, IReadOnlyList<string> Notes, IReadOnlyList<RunningColour> Untracked);
