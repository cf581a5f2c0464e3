using System.Reflection;
using Microsoft.Extensions.Logging;
using Pipeline.Components.Environments;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Engine.Tools;
using Pipeline.Images;
using Pipeline.Images.Building;
using Pipeline.Images.Pushing;
using Pipeline.Migrations;

namespace Pipeline.Components.Services;

/// <summary>
/// <c>Lint</c>, <c>Test</c>, <c>Integration</c>, <c>Image</c>, <c>Push</c>, <c>Deploy</c>, <c>Rollback</c>,
/// <c>Status</c>, <c>Down</c> over the declared <see cref="IHaveServices.Services"/> — all of them, or the one
/// <c>--service</c> names — for a build that delivers a system of services (any language) instead of one .NET service
/// (<see cref="ILint"/>, <see cref="IImage"/>, <see cref="IDeploy"/>…; do not combine them with these). Each service's
/// image and digest are recorded under <c>artifacts/services/&lt;name&gt;/</c>; <c>Deploy</c> deploys the services in
/// their <see cref="ServiceDeclaration.DeploysAfter"/> order and releases them as a unit (see docs/services.md).
/// </summary>
public interface IDeliverServices : IHaveServices, IRegistry, IDeploySettings
{
    /// <summary>Where a service's image id and digest are recorded.</summary>
    AbsolutePath ServiceArtifacts(ServiceDeclaration service) => ArtifactsDirectory / "services" / service.Name;

    Target Lint => _ => _
        .Description("Run each service's lint commands (--service: one service)")
        .Validates(CheckServices)
        .ProceedAfterFailure()
        .Executes(ct => RunChecksAsync("Lint", s => s.Lint, ct));

    Target Test => _ => _
        .Description("Run each service's unit test commands (--service: one service)")
        .Validates(CheckServices)
        .After(Lint)
        .Executes(ct => RunChecksAsync("Test", s => s.Test, ct));

    Target Integration => _ => _
        .Description("Run each service's integration test commands (--service: one service)")
        .Validates(CheckServices)
        .After(Test)
        .Executes(ct => RunChecksAsync("Integration", s => s.Integration, ct));

    Target Image => _ => _
        .Description("Build each service's image through the Docker engine, in parallel (tags: sha, branch, version)")
        .Validates(CheckServices)
        .After(Lint, Test)
        .Produces("artifacts/services")
        .Executes(async ct =>
        {
            foreach (var (service, built) in await BuildServiceImagesAsync(SelectedServices, ct))
            {
                Output.WriteLine($"Built {service.Name}: {built}");
            }
        });

    Target Push => _ => _
        .Description("Push each service's image once (skipped when the registry has it) and record one digest per service")
        .DependsOn(Image)
        .Validates(CheckServices)
        .Requires(() => Ecr || Registry is { Length: > 0 })
        .Consumes("artifacts/services")
        .Produces("artifacts/services")
        .Executes(async ct =>
        {
            var pushed = new List<(ServiceDeclaration Service, PushedImage Image)>();
            foreach (var service in SelectedServices)
            {
                var image = await PushServiceImageAsync(service, ct);
                pushed.Add((service, image));
                Output.WriteLine(image.Skipped ? $"{service.Name}: {image.Pinned} is already in the registry; nothing pushed." : $"{service.Name}: pushed {image.Pinned}");
            }

            if (pushed.Count == 1)
            {
                Host.SetOutput("image", pushed[0].Image.Pinned);
                Host.SetOutput("digest", pushed[0].Image.Digest);
            }

            Host.SetOutput("images", string.Join(',', pushed.Select(p => $"{p.Service.Name}={p.Image.Pinned}")));
        });

    Target Deploy => _ => _
        .Description("Deploy the services in order (each: migrate, scale up, smoke test, shift, bake); a failure rolls back the whole release")
        .Validates(CheckServices, CheckServiceEnvironment, CheckShift, CheckBake, CheckDeployImages)
        .After(Push, Test, Integration)
        .Executes(ct => WithRemedyAsync(() => DeployServicesAsync(ct)));

    Target Rollback => _ => _
        .Description("Return each service (--service: one) to its previous successful version")
        .Validates(CheckServices, CheckServiceEnvironment)
        .Executes(ct => WithRemedyAsync(() => RollbackServicesAsync(ct)));

    Target Status => _ => _
        .Description("Show each service in the environment: versions, images, the deployment in progress, last deploys")
        .Validates(CheckServices, () => CheckEnvironment())
        .Executes(ct => WithRemedyAsync(() => StatusOfServicesAsync(ct)));

    Target Down => _ => _
        .Description("Stop what each service runs in the environment; keeps databases and records unless --delete-data")
        .Validates(CheckServices, CheckServiceEnvironment)
        .Executes(ct => WithRemedyAsync(() => DownServicesAsync(ct)));

    /// <summary>Null when <c>--environment</c> is declared and gives every selected service a platform.</summary>
    string? CheckServiceEnvironment()
    {
        if (CheckEnvironment() is { } error)
        {
            return error;
        }

        if (CheckServices() is not null)
        {
            return null; // said once, by CheckServices
        }

        var environment = TargetEnvironment;
        foreach (var service in SelectedServices)
        {
            if (environment.PlatformFor(service.Name) is null)
            {
                return $"environment '{environment.Name}' gives service '{service.Name}' no platform: {environment.NotDeployableReason ?? "add it to the environment's Services (or give the environment a Platform)"}";
            }

            if (environment.ValidateService(service.Name) is { } invalid)
            {
                return invalid;
            }
        }

        return null;
    }

    /// <summary>Null when <c>--image</c> is a plain reference for one service or a list of <c>service=reference</c>.</summary>
    string? CheckDeployImages()
    {
        if (CheckServices() is not null)
        {
            return null;
        }

        try
        {
            _ = DeployImagesGiven;
            return null;
        }
        catch (DeploySettingsException e)
        {
            return e.Message;
        }
    }

    /// <summary>The images <c>--image</c> gives, per service.</summary>
    DeployImages DeployImagesGiven =>
        DeployImages.Parse(ImageToDeploy, [.. Services.Select(s => s.Name)], [.. SelectedServices.Select(s => s.Name)]);

    /// <summary>Runs the selected services' commands of one kind; every service runs, the failures are named in one line.</summary>
    async Task RunChecksAsync(string target, Func<ServiceDeclaration, IReadOnlyList<ServiceCommand>> commandsOf, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var ran = 0;
        foreach (var service in SelectedServices)
        {
            foreach (var command in commandsOf(service))
            {
                ran++;
                try
                {
                    await RunServiceCommandAsync(service, command, cancellationToken);
                }
                catch (Exception e) when (e is ToolFailedException or ToolNotFoundException)
                {
                    failures.Add($"service '{service.Name}': {command} {(e is ToolFailedException failed ? $"exited with code {failed.ExitCode}" : $"could not start ({e.Message})")}");
                    break;
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new ServiceFailedException($"{target} failed: {string.Join("; ", failures)}");
        }

        if (ran == 0)
        {
            throw new TargetSkippedException($"no selected service declares {target} commands");
        }
    }

    /// <summary>Runs <paramref name="command"/> in its working folder (by default the service's), its output streamed.</summary>
    Task RunServiceCommandAsync(ServiceDeclaration service, ServiceCommand command, CancellationToken cancellationToken) =>
        Tools.RunAsync(
            command.Program,
            command.Arguments,
            RootDirectory / (command.WorkingDirectory ?? service.Directory ?? ""),
            command.Environment.ToDictionary(e => e.Key, e => (string?)e.Value),
            cancellationToken: cancellationToken);

    /// <summary>
    /// Prepares each service's context (one after the other: their output stays readable), then builds the images in
    /// parallel and records each service's image id under <see cref="ServiceArtifacts"/>.
    /// </summary>
    async Task<IReadOnlyList<(ServiceDeclaration Service, BuiltImage Image)>> BuildServiceImagesAsync(
        IReadOnlyList<ServiceDeclaration> services, CancellationToken cancellationToken)
    {
        foreach (var service in services)
        {
            if (service.Image.Prepare is { } prepare)
            {
                try
                {
                    await RunServiceCommandAsync(service, prepare, cancellationToken);
                }
                catch (Exception e) when (e is ToolFailedException or ToolNotFoundException)
                {
                    throw new ServiceFailedException($"service '{service.Name}': preparing its image failed: {prepare} {(e is ToolFailedException f ? $"exited with code {f.ExitCode}" : e.Message)}", e);
                }
            }
        }

        var builds = services.Select(async service =>
        {
            try
            {
                var built = await ImageBuild.BuildAsync(this, new ImageBuildRequest(RootDirectory / service.ContextDirectory, service.Repository, service.Image.Dockerfile)
                {
                    BuildArgs = service.Image.BuildArgs,
                }, cancellationToken);
                var file = ServiceArtifacts(service) / "local-image.txt";
                file.Parent.CreateDirectory();
                await File.WriteAllTextAsync(file, $"{built.Id}\n{string.Join('\n', built.Tags)}\n", cancellationToken);
                return (service, built);
            }
            catch (ImageException e)
            {
                throw new ServiceFailedException($"service '{service.Name}': its image did not build: {e.Message.Split('\n')[0]}", e);
            }
        });
        return await Task.WhenAll(builds);
    }

    /// <summary>Pushes the image <c>Image</c> recorded for <paramref name="service"/> and records its digest.</summary>
    async Task<PushedImage> PushServiceImageAsync(ServiceDeclaration service, CancellationToken cancellationToken)
    {
        var recorded = ServiceArtifacts(service) / "local-image.txt";
        if (!File.Exists(recorded))
        {
            throw new ServiceFailedException(
                $"service '{service.Name}': no built image is recorded in {recorded.RelativeTo(RootDirectory)}; run ./build.sh Image --service {service.Name} first");
        }

        var lines = await File.ReadAllLinesAsync(recorded, cancellationToken);
        var repository = Registry is { Length: > 0 } registry ? $"{registry.TrimEnd('/')}/{service.Repository}" : service.Repository;
        var pushed = await PushImageAsync(lines[0], ImageReference.Parse(lines[1]).Tag ?? "latest", repository, cancellationToken);
        await DigestRecord.WriteAsync(pushed, ServiceArtifacts(service) / "digest.txt", cancellationToken);
        return pushed;
    }

    /// <summary>The part of <paramref name="environment"/> that runs <paramref name="service"/>, opened on its platform.</summary>
    IPlatformEnvironment OpenServiceEnvironment(EnvironmentDeclaration environment, ServiceDeclaration service) =>
        OpenEnvironment(environment, environment.PlatformFor(service.Name)!, environment.ServiceEnvironmentName(service.Name));

    /// <summary>
    /// Deploys the selected services to <c>--environment</c> in their order, each from the image <c>--image</c> gives
    /// for it (else built here when its platform runs local images), as one release: see <see cref="ReleaseAsUnit"/>.
    /// </summary>
    async Task DeployServicesAsync(CancellationToken cancellationToken)
    {
        var environment = TargetEnvironment;
        var images = DeployImagesGiven;
        var (version, sha) = await ReleaseToDeployAsync(cancellationToken);
        var opened = new List<IPlatformEnvironment>();
        try
        {
            var deployments = new List<ServiceDeployment>();
            foreach (var service in SelectedServices)
            {
                var part = OpenServiceEnvironment(environment, service);
                opened.Add(part);
                deployments.Add(new ServiceDeployment(service, part, ServiceDeploySpec(service, version, sha, images.For(service.Name))));
            }

            // GitHub's record: one deployment of the release per environment, named by the first image's digest (a
            // status has room for one; promote finds the release by it), ended whatever stops the release.
            var github = this is IGitHub gitHub
                ? await gitHub.StartGitHubDeploymentAsync(environment, sha, version, ImageDigests.First(ImageToDeploy), cancellationToken)
                : null;
            var recorded = false;
            try
            {
                foreach (var deployment in deployments)
                {
                    await RefuseOlderServiceBuildAsync(environment.Name, deployment, cancellationToken);
                }

                if (github is not null)
                {
                    await github.InProgressAsync(cancellationToken);
                }

                IReadOnlyList<(ServiceDeployment Deployment, DeploymentRecord Record)> live;
                try
                {
                    live = await new ReleaseAsUnit(Output, Report).DeployAsync(environment.Name, deployments, cancellationToken);
                }
                catch (DeployException e) when (github is not null)
                {
                    recorded = true;
                    await github.FailedAsync(e.Message, CancellationToken.None);
                    throw;
                }

                await new ServiceReleaseRecord(
                    environment.Name,
                    version,
                    DateTimeOffset.UtcNow,
                    live.ToDictionary(l => l.Deployment.Service.Name, l => l.Deployment.Spec.Image ?? l.Record.Release.Digest ?? l.Record.Release.Source)).WriteAsync(RootDirectory, cancellationToken);
                recorded = true;
                if (github is not null)
                {
                    await github.SucceededAsync(environment.EffectiveUrl, CancellationToken.None);
                }

                Output.WriteLine($"Release {version} is live in '{environment.Name}': {string.Join(", ", live.Select(l => l.Deployment.Service.Name))}.");
                if (environment.EffectiveUrl is { } url)
                {
                    Host.SetOutput("url", url.ToString());
                }
            }
            catch (Exception e) when (github is not null && !recorded)
            {
                // Whatever stopped the release (an older build refused, an exception, a cancel), GitHub's record must not stay in progress.
                await github.ErrorAsync(e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
                throw;
            }
        }
        finally
        {
            foreach (var part in opened)
            {
                await part.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Refuses, before any service moves, a release whose commit is older than the one a service runs
    /// (<see cref="OlderBuildGuard"/>): only <c>Rollback</c> moves an environment back.
    /// </summary>
    private async Task RefuseOlderServiceBuildAsync(string environment, ServiceDeployment deployment, CancellationToken cancellationToken)
    {
        var guard = new OlderBuildGuard(Tools, Output);
        if (deployment.Spec.GitSha is not { Length: > 0 } deploying || await guard.ActiveReleaseAsync(deployment.Environment, cancellationToken) is not { } active)
        {
            return;
        }

        try
        {
            await guard.CheckAsync(environment, deployment.Spec.Version, deploying, active, cancellationToken);
        }
        catch (DeploySettingsException e)
        {
            throw new DeploySettingsException($"service '{deployment.Service.Name}': {e.Message}");
        }
    }

    /// <summary>Rolls each selected service back to its previous successful version, the last in deploy order first.</summary>
    async Task RollbackServicesAsync(CancellationToken cancellationToken)
    {
        var environment = TargetEnvironment;
        var failures = new List<string>();
        foreach (var service in SelectedServices.Reverse())
        {
            await using var part = OpenServiceEnvironment(environment, service);
            Output.WriteLine($"── {service.Name}: rolling back in '{part.Name}'");
            try
            {
                var record = await part.RollbackAsync(ServiceDeploySpec(service, "rollback", null, null) with { MigrationsCommand = null }, cancellationToken);
                Report(record);
                if (!record.Succeeded)
                {
                    failures.Add($"{service.Name}: {record.RollbackReason?.ToString() ?? record.Outcome.ToString()}");
                }
            }
            catch (DeployException e)
            {
                failures.Add($"{service.Name}: {e.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new DeployException($"Rollback of '{environment.Name}' did not succeed for {string.Join("; ", failures)}");
        }
    }

    /// <summary>Each selected service's status as its platform reports it, then the release recorded here.</summary>
    async Task StatusOfServicesAsync(CancellationToken cancellationToken)
    {
        var environment = TargetEnvironment;
        var recorded = ServiceReleaseRecord.Read(RootDirectory, environment.Name);
        foreach (var service in SelectedServices)
        {
            Output.WriteLine($"── {service.Name}");
            if (environment.PlatformFor(service.Name) is null)
            {
                Output.WriteLine($"  not deployable in '{environment.Name}' ({environment.NotDeployableReason ?? "no platform"}).");
                continue;
            }

            if (recorded?.Images.TryGetValue(service.Name, out var image) == true)
            {
                Output.WriteLine($"  release {recorded.Version} (deployed {recorded.DeployedAt:u} from here): {image}");
            }

            await using var part = OpenServiceEnvironment(environment, service);
            Output.Write(await part.StatusAsync(5, cancellationToken));
        }
    }

    /// <summary>Stops what each selected service runs, the last in deploy order first.</summary>
    async Task DownServicesAsync(CancellationToken cancellationToken)
    {
        var environment = TargetEnvironment;
        foreach (var service in SelectedServices.Reverse())
        {
            await using var part = OpenServiceEnvironment(environment, service);
            var stopped = DeleteData ? await part.DownDeletingDataAsync(cancellationToken) : await part.DownAsync(cancellationToken);
            Output.WriteLine(stopped.Count == 0 ? $"{service.Name}: '{part.Name}' was not running." : $"{service.Name}: stopped {string.Join(", ", stopped)}.");
        }
    }

    /// <summary>The deploy of one service: its image, smoke tests and migrations, with the build's traffic shift and bake.</summary>
    DeploySpec ServiceDeploySpec(ServiceDeclaration service, string version, string? gitSha, string? image) => new()
    {
        Version = version,
        GitSha = gitSha,
        Image = image,
        BuildImage = async token => (await BuildServiceImagesAsync([service], token))[0].Image.Id,
        ImageRepository = service.Repository,
        Shift = TrafficShift.Parse(Shift),
        Bake = Bake,
        SmokeTests = service.SmokeTests,
        MigrationsCommand = service.Migrations?.Command,
        Migrate = service.Migrations?.Assembly is { } assembly ? (target, token) => RunFluentMigratorAsync(service, assembly, target, token) : null,
        Initiator = Host.Actor,
    };

    /// <summary>A service's FluentMigrator migrations, against the database its platform names.</summary>
    async Task RunFluentMigratorAsync(ServiceDeclaration service, Assembly assembly, MigrationTarget? target, CancellationToken cancellationToken)
    {
        var database = target ?? throw new DeploySettingsException(
            $"service '{service.Name}': its platform names no database for its FluentMigrator migrations: declare the environment's database (Database, PostgresImage)");
        using var migrator = new DatabaseMigrator(
            new MigratorOptions(Enum.Parse<DatabaseEngine>(database.Engine, ignoreCase: true), database.ConnectionString, assembly),
            LoggerFactory.CreateLogger("Migrate"));
        var result = await migrator.RunAsync(MigrationRequest.Up(), cancellationToken);
        Output.WriteLine($"{service.Name}: {result.Summary}");
    }
}
