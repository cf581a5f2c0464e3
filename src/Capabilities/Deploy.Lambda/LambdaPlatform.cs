using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Lambda;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// The driven platform on AWS Lambda: SCALE_UP points <c>$LATEST</c> at the image digest and the release's variables,
/// waits for <c>LastUpdateStatus: Successful</c>, publishes a version (described with version, digest, commit) and waits
/// until it answers its readiness path; test traffic is invocations of that version; the production shift moves the
/// alias's <c>RoutingConfig.AdditionalVersionWeights</c> step by step; rollback points the alias back at the old version
/// with the weights cleared (an explicit empty map). Nothing stops at CLEAN_UP: the old version stays published with no
/// weight, so a rollback is an alias move, never a redeploy. An alias on <c>$LATEST</c> is refused before anything changes.
/// </summary>
internal sealed class LambdaPlatform(
    string environment,
    LambdaPlatformSettings settings,
    LambdaClient lambda,
    FunctionAlias alias,
    FunctionVersions versions,
    VersionWatch watch,
    LambdaErrors errors,
    ILogger logger) : IDeploymentPlatform, IAsyncDisposable
{
    private readonly Dictionary<string, InvokeBridge> bridges = new(StringComparer.Ordinal);

    public string Name => settings.Platform;

    public async Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        await alias.RefreshAsync(cancellationToken);
        if (alias.PrimaryVersion is not { } primary)
        {
            return new PlatformSnapshot(null, ProductionEndpoint, []);
        }

        if (primary == FunctionVersions.Latest)
        {
            // New code on $LATEST would reach all of production at once, before any smoke test, and Lambda weights only published versions.
            throw new DeployException(
                $"Lambda environment '{environment}': alias {settings.Alias} of {settings.FunctionName} points at $LATEST, so new code would reach production at once and cannot be weighted: publish what it runs (aws lambda publish-version --function-name {settings.FunctionName}) and point the alias at that version (aws lambda update-alias --function-name {settings.FunctionName} --name {settings.Alias} --function-version <N>), then deploy again");
        }

        var repairs = new List<string>();
        if (alias.Additional is { } split)
        {
            await alias.RouteAsync(primary, AliasRoutingConfiguration.None, cancellationToken);
            repairs.Add($"cleared the {split.Weight:P0} of production a stopped deploy left on version {split.Version}: all of it back on version {primary}");
        }

        var active = FunctionVersions.RevisionOf(await versions.GetAsync(primary, cancellationToken));
        return new PlatformSnapshot(active, ProductionEndpoint, repairs);
    }

    public async Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        FunctionVersion version;
        if (FunctionVersions.VersionOf(release.Source) is { } existing)
        {
            version = await versions.GetAsync(existing, cancellationToken);
            logger.LogInformation("  version {Version} ({Label}) is published already: no new version", existing, version.Description?.Label ?? release.Version);
        }
        else
        {
            version = await PublishAsync(release, cancellationToken);
        }

        try
        {
            await lambda.WaitUntilVersionActiveAsync(settings.FunctionName, version.Number, settings.PollInterval, cancellationToken);
        }
        catch (AwsException e)
        {
            throw new RevisionNeverHealthyException($"version {version.Number} of {settings.FunctionName} did not become Active: {e.Message}", e);
        }

        await ReadyAsync(version, healthTimeout, cancellationToken);
        var revision = FunctionVersions.RevisionOf(version);
        return revision with { Release = revision.Release with { Version = version.Description?.Label ?? release.Version } };
    }

    public Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return Task.FromResult(Bridge(revision.Id).Address);
    }

    public async Task ShiftProductionTrafficAsync(
        Revision revision, TrafficShift shift, Func<TrafficStep, CancellationToken, Task> stepCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(stepCompleted);
        var steps = shift.Steps();
        if (alias.Current is null || alias.PrimaryVersion == revision.Id)
        {
            // Nothing served before (the alias is created now), or the new version is the one serving already.
            var created = alias.Current is null;
            await alias.RouteAsync(revision.Id, AliasRoutingConfiguration.None, cancellationToken);
            if (created && settings.CreateIfMissing is { FunctionUrl: true })
            {
                await CreateFunctionUrlAsync(cancellationToken);
            }

            await stepCompleted(steps[^1], cancellationToken);
            return;
        }

        var previous = alias.PrimaryVersion!;
        foreach (var step in steps)
        {
            await (step.Percent < 100
                ? alias.RouteAsync(previous, AliasRoutingConfiguration.To(revision.Id, step.Percent / 100.0), cancellationToken)
                : alias.RouteAsync(revision.Id, AliasRoutingConfiguration.None, cancellationToken));
            await stepCompleted(step, cancellationToken);
        }
    }

    public Task<long> MarkAsync(Revision revision, CancellationToken cancellationToken) =>
        Task.FromResult(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public Task<RevisionHealth> ObserveAsync(Revision revision, long mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return watch.ObserveAsync(revision.Id, DateTimeOffset.FromUnixTimeMilliseconds(mark), cancellationToken);
    }

    /// <summary>Nothing runs to be stopped: the old version stays published, with no weight on the alias, for a rollback.</summary>
    public Task<string> CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken) => Task.FromResult(
        previous is null || previous.Id == revision.Id
            ? $"nothing to clean up: version {revision.Id} is the only one {settings.Alias} routes to"
            : $"version {previous.Id}{(previous.Release.Version == $"version {previous.Id}" ? "" : $" ({previous.Release.Version})")} stays published with no weight on {settings.Alias}: a rollback moves the alias back to it");

    public async Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            if (alias.Current is not null)
            {
                logger.LogWarning("Nothing served {Environment} before {Version}: alias {Alias} stays where it is", environment, failed?.Release.Version, settings.Alias);
            }

            return;
        }

        try
        {
            await alias.RouteAsync(previous.Id, AliasRoutingConfiguration.None, cancellationToken);
        }
        catch (DeployException e) when (e.InnerException is AwsException aws && LambdaErrors.IsStale(aws))
        {
            await alias.RefreshAsync(cancellationToken);
            await alias.RouteAsync(previous.Id, AliasRoutingConfiguration.None, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bridge in bridges.Values)
        {
            await bridge.DisposeAsync();
        }

        bridges.Clear();
    }

    private Uri ProductionEndpoint => settings.ProductionUrl ?? Bridge(settings.Alias).Address;

    private InvokeBridge Bridge(string qualifier)
    {
        if (!bridges.TryGetValue(qualifier, out var bridge))
        {
            bridges[qualifier] = bridge = InvokeBridge.Start(lambda, settings.FunctionName, qualifier, logger);
        }

        return bridge;
    }

    /// <summary>Points <c>$LATEST</c> at the release (creating the function on a rehearsal environment's first deploy) and publishes it.</summary>
    private async Task<FunctionVersion> PublishAsync(Release release, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(settings.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in release.Environment)
        {
            variables[name] = value;
        }

        variables["PIPELINE_VERSION"] = release.Version;
        if (release.GitSha is { } sha)
        {
            variables["PIPELINE_GIT_SHA"] = sha;
        }

        var environmentVariables = new Aws.Lambda.LambdaEnvironment { Variables = variables };
        if (await FunctionOrNullAsync(cancellationToken) is null)
        {
            var bootstrap = settings.CreateIfMissing ?? throw new DeployException(
                $"Lambda function '{settings.FunctionName}' does not exist in {settings.Region} (environment '{environment}'): create it with your infrastructure code, or declare CreateIfMissing for a rehearsal environment");
            logger.LogInformation("  creating function {Function} from {Image}", settings.FunctionName, release.Source);
            await errors.CallAsync(() => lambda.CreateFunctionAsync(new CreateFunctionRequest
            {
                FunctionName = settings.FunctionName,
                Role = bootstrap.ExecutionRole,
                PackageType = "Image",
                Code = new FunctionCode { ImageUri = release.Source },
                Timeout = bootstrap.Timeout,
                MemorySize = bootstrap.MemorySize,
                Environment = environmentVariables,
            }, cancellationToken));
            await errors.CallAsync(() => lambda.WaitUntilActiveAsync(settings.FunctionName, settings.PollInterval, cancellationToken));
        }
        else
        {
            await errors.CallAsync(() => lambda.WaitUntilUpdatedAsync(settings.FunctionName, settings.PollInterval, cancellationToken));
            logger.LogInformation("  UpdateFunctionCode {Function} to {Image}", settings.FunctionName, release.Source);
            await errors.CallAsync(() => lambda.UpdateFunctionCodeAsync(
                new UpdateFunctionCodeRequest { FunctionName = settings.FunctionName, ImageUri = release.Source }, cancellationToken));
            await errors.CallAsync(() => lambda.WaitUntilUpdatedAsync(settings.FunctionName, settings.PollInterval, cancellationToken));
            await errors.CallAsync(() => lambda.UpdateFunctionConfigurationAsync(
                new UpdateFunctionConfigurationRequest { FunctionName = settings.FunctionName, Environment = environmentVariables }, cancellationToken));
            await errors.CallAsync(() => lambda.WaitUntilUpdatedAsync(settings.FunctionName, settings.PollInterval, cancellationToken));
        }

        var latest = await errors.CallAsync(() => lambda.GetFunctionConfigurationAsync(
            new GetFunctionConfigurationRequest { FunctionName = settings.FunctionName }, cancellationToken));
        var description = new VersionDescription(release.Version, release.Digest, release.GitSha);
        var published = FunctionVersions.Of(await errors.CallAsync(() => lambda.PublishVersionAsync(new PublishVersionRequest
        {
            FunctionName = settings.FunctionName,
            Description = description.Format(),
            RevisionId = latest.RevisionId,
        }, cancellationToken)));
        logger.LogInformation(published.Description == description
            ? "  published version {Version}: {Description}"
            : "  PublishVersion answered version {Version} again (nothing changed since it was published): {Description}",
            published.Number, published.Description?.Format() ?? "not described by Pipeline");
        return published;
    }

    private async Task<FunctionConfiguration?> FunctionOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = settings.FunctionName }, cancellationToken);
        }
        catch (AwsException e) when (LambdaErrors.IsNotFound(e))
        {
            return null;
        }
        catch (AwsException e)
        {
            throw new DeployException(errors.Line(e), e);
        }
    }

    /// <summary>Waits until the version answers <see cref="LambdaPlatformSettings.ReadinessPath"/> with 2xx, invoked directly.</summary>
    private async Task ReadyAsync(FunctionVersion version, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        if (settings.ReadinessPath is not { } path)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = Bridge(version.Number).Address, Timeout = TimeSpan.FromSeconds(30) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(path.TrimStart('/'), cancellationToken);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }

                var body = await answer.Content.ReadAsStringAsync(cancellationToken);
                last = $"{(int)answer.StatusCode} {body[..Math.Min(body.Length, 200)]}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            if (clock.Elapsed >= healthTimeout)
            {
                throw new RevisionNeverHealthyException(
                    $"version {version.Number} ({version.Description?.Label}) of {settings.FunctionName} did not answer {path} with 2xx within {healthTimeout.TotalSeconds:0.#} s; last: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(500, settings.PollInterval.TotalMilliseconds)), cancellationToken);
        }
    }

    private async Task CreateFunctionUrlAsync(CancellationToken cancellationToken)
    {
        try
        {
            var url = await lambda.CreateFunctionUrlConfigAsync(
                new CreateFunctionUrlConfigRequest { FunctionName = settings.FunctionName, Qualifier = settings.Alias, AuthType = "NONE" }, cancellationToken);
            logger.LogInformation("  function URL of {Function}:{Alias}: {Url}", settings.FunctionName, settings.Alias, url.FunctionUrl);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceConflictException")
        {
            // it has one already
        }
        catch (AwsException e)
        {
            throw new DeployException(errors.Line(e), e);
        }
    }
}
