using Pipeline.Deploy;
using Pipeline.Deploy.Environments;

namespace Pipeline.GitHub.IntegrationTests.Scripted;

/// <summary>
/// A platform whose deploy throws what the test says (a refused connection, a bug) or, without one, succeeds, and whose
/// rollback puts back the release the test names: what IDeploy does with GitHub's record around them is under test, not a
/// platform.
/// </summary>
internal sealed record ScriptedPlatformSettings(Exception? DeployFailure, Release PutBack) : PlatformSettings
{
    public override string Platform => "scripted";

    public override DeployInputs Inputs => DeployInputs.None;

    public override Uri? Url => new("https://staging.example.com/");

    public override IPlatformEnvironment Open(EnvironmentContext context) => new ScriptedEnvironment(context.Name, this);

    private sealed class ScriptedEnvironment(string name, ScriptedPlatformSettings settings) : IPlatformEnvironment
    {
        public string Name => name;

        public string Platform => settings.Platform;

        public Uri? PublicUrl => settings.Url;

        public Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken) => settings.DeployFailure is { } failure
            ? Task.FromException<DeploymentRecord>(failure)
            : Task.FromResult(new DeploymentRecord
            {
                Id = "20261204T220000000Z-" + spec.Version,
                Environment = name,
                Platform = Platform,
                Release = new Release(spec.Version, spec.Image ?? "image", spec.GitSha, spec.ImageDigest),
                Initiator = "test",
                Outcome = DeploymentOutcome.Successful,
            });

        public Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken) => Task.FromResult(new DeploymentRecord
        {
            Id = "20261204T220000000Z-" + settings.PutBack.Version,
            Environment = name,
            Platform = Platform,
            Kind = DeploymentKind.Rollback,
            Release = settings.PutBack,
            Initiator = "test",
            Outcome = DeploymentOutcome.Successful,
        });

        public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => Task.FromResult("");

        public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
