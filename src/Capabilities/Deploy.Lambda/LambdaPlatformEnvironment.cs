using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Lambda;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Lambda.Ledger;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// An environment on AWS Lambda: a function and its alias. Deploys with <see cref="DeployEngine"/> driving
/// <see cref="LambdaPlatform"/>; the lock and the records are on the alias (<see cref="AliasLedger"/>), so Status,
/// Rollback and a second deploy from another machine read Lambda itself.
/// </summary>
public sealed class LambdaPlatformEnvironment : IPlatformEnvironment
{
    private readonly EnvironmentContext context;
    private readonly LambdaPlatformSettings settings;
    private readonly LambdaClient lambda;
    private readonly CloudWatchClient cloudWatch;
    private readonly LambdaErrors errors;
    private readonly ILogger logger;

    public LambdaPlatformEnvironment(EnvironmentContext context, LambdaPlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate(context.Name) is { } problem)
        {
            throw new DeploySettingsException(problem);
        }

        this.context = context;
        this.settings = settings;
        logger = context.LoggerFactory.CreateLogger("Pipeline.Deploy.Lambda");
        var options = new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.Endpoint, Credentials = settings.Credentials };
        lambda = new LambdaClient(options, logger);
        cloudWatch = new CloudWatchClient(options, logger);
        errors = new LambdaErrors(context.Name, settings);
    }

    public string Name => context.Name;

    string IPlatformEnvironment.Platform => settings.Platform;

    public Uri? PublicUrl => settings.ProductionUrl;

    public async Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MigrationsCommand is { Count: > 0 } command)
        {
            throw new DeploySettingsException(
                $"Lambda environment '{Name}' has no one-off task to run the migrations command '{string.Join(' ', command)}' in: run it in a job step before Deploy, or declare FluentMigrator migrations (run before traffic moves)");
        }

        if (spec.Image is not { } image || spec.ImageDigest is not { } digest || !digest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new DeploySettingsException(
                $"Lambda environment '{Name}' deploys a pushed image by digest: pass --image <registry>/<repository>@sha256:… (the digest the image job pushed){(spec.Image is { } given ? $", not '{given}'" : "")}");
        }

        var release = new Release(spec.Version, image, spec.GitSha, digest) { Environment = spec.Variables };
        await using var session = Open();
        return await session.Engine.DeployAsync(Request(spec, release), cancellationToken);
    }

    /// <summary>
    /// Moves the alias back to the version of the previous successful deployment (all at once, smoke tests of
    /// <paramref name="template"/>): no image is deployed again. When a dead deploy left the traffic split, it puts all
    /// of it back on the alias's primary version instead.
    /// </summary>
    public async Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        await using var session = Open();
        await session.Alias.RefreshAsync(cancellationToken);
        if (session.Alias is { Additional: { } split, PrimaryVersion: { } primary }
            && (session.Alias.State.Lock is null || session.Alias.State.Lock.IsStale(settings.LockLease, DateTimeOffset.UtcNow)))
        {
            var current = FunctionVersions.RevisionOf(await session.Versions.GetAsync(primary, cancellationToken));
            logger.LogInformation("A stopped deploy left {Percent:P0} of {Environment} on version {Split}: Rollback puts all of it back on version {Primary} ({Label})",
                split.Weight, Name, split.Version, primary, current.Release.Version);
            return await session.Engine.DeployAsync(Request(template, current.Release) with { Shift = TrafficShift.AllAtOnce }, cancellationToken);
        }

        return await session.Engine.RollbackAsync(Request(template, new Release(template.Version, settings.FunctionName)), cancellationToken);
    }

    /// <summary>The release of the version the alias routes its primary weight to, from that version's description; null before any.</summary>
    public async Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken)
    {
        using var alias = new FunctionAlias(lambda, settings, errors);
        await alias.RefreshAsync(cancellationToken);
        return alias.PrimaryVersion is { } primary
            ? FunctionVersions.RevisionOf(await new FunctionVersions(lambda, settings, errors).GetAsync(primary, cancellationToken)).Release
            : null;
    }

    public async Task<string> StatusAsync(int deployments, CancellationToken cancellationToken)
    {
        using var alias = new FunctionAlias(lambda, settings, errors);
        var versions = new FunctionVersions(lambda, settings, errors);
        var ledger = new AliasLedger(Name, alias, versions, settings, logger);
        return await new LambdaStatus(Name, settings, alias, versions, ledger).RenderAsync(deployments, cancellationToken);
    }

    /// <summary>
    /// A function the environment created (<see cref="LambdaPlatformSettings.CreateIfMissing"/>) is deleted with its
    /// versions, alias and function URL; a function owned by infrastructure code stays, only a split left on its alias is
    /// cleared (all traffic on the primary version).
    /// </summary>
    public async Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
    {
        if (settings.CreateIfMissing is not null)
        {
            try
            {
                await lambda.DeleteFunctionAsync(new DeleteFunctionRequest { FunctionName = settings.FunctionName }, cancellationToken);
                return [$"function {settings.FunctionName} (its versions, alias {settings.Alias} and function URL): deleted"];
            }
            catch (AwsException e) when (LambdaErrors.IsNotFound(e))
            {
                return [$"function {settings.FunctionName}: does not exist"];
            }
            catch (AwsException e)
            {
                throw new DeployException(errors.Line(e), e);
            }
        }

        using var current = new FunctionAlias(lambda, settings, errors);
        await current.RefreshAsync(cancellationToken);
        var done = new List<string>();
        if (current is { Additional: { } split, PrimaryVersion: { } primary })
        {
            await current.RouteAsync(primary, AliasRoutingConfiguration.None, cancellationToken);
            done.Add($"alias {settings.Alias}: the {split.Weight:P0} on version {split.Version} cleared, all traffic on version {primary}");
        }

        done.Add($"function {settings.FunctionName}: kept (it belongs to your infrastructure code; Down deletes only functions declared with CreateIfMissing)");
        return done;
    }

    public ValueTask DisposeAsync()
    {
        lambda.Dispose();
        cloudWatch.Dispose();
        return ValueTask.CompletedTask;
    }

    private DeployRequest Request(DeploySpec spec, Release release) => new(release)
    {
        Shift = spec.Shift,
        Bake = spec.Bake,
        SmokeTests = spec.SmokeTests,
        BeforeTrafficShift = spec.Migrate is { } migrate ? ct => migrate(null, ct) : null,
        HealthTimeout = spec.HealthTimeout ?? TimeSpan.FromSeconds(60),
        LockTimeout = settings.LockTimeout,
        Initiator = spec.Initiator ?? System.Environment.UserName,
    };

    private Session Open()
    {
        var alias = new FunctionAlias(lambda, settings, errors);
        var versions = new FunctionVersions(lambda, settings, errors);
        var watch = new VersionWatch(cloudWatch, settings, errors, DateTimeOffset.UtcNow);
        var platform = new LambdaPlatform(Name, settings, lambda, alias, versions, watch, errors, logger);
        var engine = new DeployEngine(platform, new AliasLedger(Name, alias, versions, settings, logger), logger);
        return new Session(alias, versions, platform, engine);
    }

    /// <summary>One deploy or rollback: the alias as it reads and writes it, the platform (with its invoke bridges) and the engine.</summary>
    private sealed record Session(FunctionAlias Alias, FunctionVersions Versions, LambdaPlatform Platform, DeployEngine Engine) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Platform.DisposeAsync();
            Alias.Dispose();
        }
    }
}
