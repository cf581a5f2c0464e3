using Pipeline.Components.Environments;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Engine.Tools;
using Pipeline.Images;
using Pipeline.Images.Building;
using Pipeline.Images.Pushing;

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

    Task DeployServicesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    Task RollbackServicesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    Task StatusOfServicesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    Task DownServicesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
