namespace Pipeline.Deploy.Local;

/// <summary>
/// What a local platform puts into an environment once its folder is open: the platform that performs the stages, where
/// migrations go, and what Down stops. <see cref="LocalPlatformEnvironment"/> disposes <see cref="Platform"/> when it
/// is disposable.
/// </summary>
/// <param name="Platform">Runs the environment's revisions behind its edge.</param>
/// <param name="Migrations">The database the migrations hook changes.</param>
/// <param name="Teardown">Down.</param>
public sealed record LocalPlatformParts(LocalPlatform Platform, IMigrationsTarget Migrations, IEnvironmentTeardown Teardown)
{
    /// <summary>Runs a migrations command from the release's image; null when the platform runs no image.</summary>
    public IMigrationsCommandRunner? MigrationsCommands { get; init; }
}
