namespace Pipeline.Deploy;

/// <summary>
/// A running version of the service on a platform: the release, the platform's id for it (a colour locally, a service
/// revision ARN on ECS) and, when the platform exposes one, its direct address.
/// </summary>
/// <param name="Id">Platform id: "green", "arn:aws:ecs:...:service-revision/...".</param>
/// <param name="Release">What runs; its <see cref="Release.Source"/> is the durable copy the platform keeps, so a
/// later rollback can start it again.</param>
/// <param name="Address">Direct address of the revision, bypassing the edge, or null.</param>
public sealed record Revision(string Id, Release Release, Uri? Address = null);
