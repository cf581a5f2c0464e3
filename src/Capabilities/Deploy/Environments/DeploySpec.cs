using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy.Environments;

/// <summary>
/// One deploy as the build resolved it from its parameters, before the platform turns it into a release: the version,
/// where the artefacts are, how traffic moves, the smoke tests and the migrations hook.
/// </summary>
public sealed record DeploySpec
{
    /// <summary>The version label shown everywhere.</summary>
    public required string Version { get; init; }

    /// <summary>The commit deployed, when known.</summary>
    public string? GitSha { get; init; }

    /// <summary>The published service folder (platforms that need <see cref="DeployInputs.PublishedService"/>).</summary>
    public string? PublishDirectory { get; init; }

    /// <summary>The image to deploy: an image id, a tag, or <c>repository@sha256:…</c> (<c>--image</c>).</summary>
    public string? Image { get; init; }

    /// <summary>Builds the image here and returns its id, for image platforms when <see cref="Image"/> is not given.</summary>
    public Func<CancellationToken, Task<string>>? BuildImage { get; init; }

    /// <summary>
    /// The repository the image built by <see cref="BuildImage"/> belongs in, where a platform pushes what it built
    /// (a rehearsal pushes to its local registry): the service's own repository. Null: the platform's default.
    /// </summary>
    public string? ImageRepository { get; init; }

    public TrafficShift Shift { get; init; } = TrafficShift.AllAtOnce;

    public BakeSettings Bake { get; init; } = new();

    public SmokeTests? SmokeTests { get; init; }

    /// <summary>
    /// Applies pending migrations in this process, against the database the platform names (null: the build's own
    /// default). Platforms that run migrations elsewhere (ECS: a one-off task) do not call it.
    /// </summary>
    public Func<MigrationTarget?, CancellationToken, Task>? Migrate { get; init; }

    /// <summary>
    /// A migrations command run from the image being deployed before any traffic moves (it replaces the image's
    /// command and keeps its entry point, like an ECS container override): ECS runs it as a one-off task of the new
    /// task definition, the Docker platform as a one-off container beside the environment's database; a platform that
    /// runs no image refuses it before anything changes. Null or empty: none.
    /// </summary>
    public IReadOnlyList<string>? MigrationsCommand { get; init; }

    /// <summary>Extra environment variables for the new revision (never recorded: they may hold secrets).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the new revision has to become ready; null: the platform's default.</summary>
    public TimeSpan? HealthTimeout { get; init; }

    /// <summary>Who deploys, for the record; null: the platform's default (OS user, or the CI actor).</summary>
    public string? Initiator { get; init; }

    /// <summary>The image digest (<c>sha256:…</c>) when <see cref="Image"/> is given by digest.</summary>
    public string? ImageDigest => Image is { } image && image.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? image[(at + 1)..] : null;
}
