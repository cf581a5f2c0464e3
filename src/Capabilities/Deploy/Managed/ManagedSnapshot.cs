namespace Pipeline.Deploy.Managed;

/// <summary>
/// What RECONCILE_SERVICE found on a managed platform: the revision serving production (null before the first
/// deploy), the deployment in progress (its id) if any, and the production and test endpoints.
/// </summary>
public sealed record ManagedSnapshot(Revision? Active, string? InProgressDeploymentId, Uri? ProductionEndpoint, Uri? TestEndpoint);
