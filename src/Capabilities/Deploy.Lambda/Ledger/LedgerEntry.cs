namespace Pipeline.Deploy.Lambda.Ledger;

/// <summary>
/// One deployment as the alias remembers it: when it started (also its record's id), deploy or rollback, the Lambda
/// version it published or moved to (null before one was), and how it ended.
/// </summary>
internal sealed record LedgerEntry(DateTimeOffset Started, DeploymentKind Kind, string? Version, DeploymentOutcome Outcome);
