namespace Pipeline.Deploy;

/// <summary>
/// What RECONCILE_SERVICE found and left: the revision serving production (null on a first deploy), where
/// production and test traffic enter, and one line per repair made (orphans stopped, traffic restored).
/// </summary>
public sealed record PlatformSnapshot(Revision? Active, Uri ProductionEndpoint, IReadOnlyList<string> Repairs);
