using System.Globalization;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Pipeline.Components.Rehearsal;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Environments;
using Pipeline.Ecs.Local;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.Images;
using Pipeline.Images.Pushing;

namespace Pipeline.Components;

/// <summary>
/// <c>LocalEcsUp</c> and <c>LocalEcsDown</c>: a local Amazon ECS (the ECS API on this machine's Docker engine, with
/// native blue/green) started detached on a stable loopback port, for rehearsing an ECS deploy on a laptop; the
/// <c>aws</c> CLI and the ECS platform drive it unchanged. State lives in <c>.pipeline/ecs-local</c>.
/// </summary>
public interface ILocalEcs : IPipelineBuild
{
    [Parameter("With LocalEcsUp: the loopback port of the local ECS API")]
    int LocalEcsPort => Parameters.Get(nameof(LocalEcsPort), 4599);

    [Parameter("With LocalEcsUp: seconds that one minute of ECS time (bake, hook timeouts) lasts, e.g. 1 for rehearsals")]
    double LocalEcsSecondsPerMinute => Parameters.Get(nameof(LocalEcsSecondsPerMinute), 1.0);

    /// <summary>Where the local ECS keeps its state, pid and log.</summary>
    string LocalEcsStateDirectory => Path.Combine(RootDirectory, ".pipeline", "ecs-local");

    /// <summary>The local ECS's fixed credentials: requests must be signed with them (obviously not secret).</summary>
    (string AccessKey, string SecretKey) LocalEcsCredentials => ("AKIDLOCALECS", "local-ecs-secret-not-a-real-key");

    [Parameter("With a rehearsal on the local ECS: the loopback port of the local image registry it pulls from")]
    int LocalRegistryPort => Parameters.Get(nameof(LocalRegistryPort), 4598);

    /// <summary>
    /// <paramref name="settings"/> as a rehearsal environment on the local ECS: the same ECS platform and code path as
    /// in AWS, with the local ECS's endpoint and keys (for CloudWatch too: the bake alarms judge its listener's traffic; and for
    /// CloudWatch Logs: a failed migrations task's output),
    /// its minute length (a bake of 10 s lasts 10 s), production and test listeners on loopback ports, the cluster and
    /// blue/green service created by the first Deploy (deleted by Down), and the image built (<c>Image</c>) and pushed to
    /// a local registry when Deploy is not given <c>--image</c>. The first Deploy starts the local ECS and the registry
    /// when they do not run.
    /// </summary>
    EcsPlatformSettings OnLocalEcs(EcsPlatformSettings settings, int productionPort, int testPort)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (accessKey, secretKey) = LocalEcsCredentials;
        return settings with
        {
            Endpoint = new Uri($"http://127.0.0.1:{LocalEcsPort.ToString(CultureInfo.InvariantCulture)}/"),
            Credentials = new BasicAWSCredentials(accessKey, secretKey),
            JobCredentials = null, // the local ECS is on the deploying machine: no job signs in to AWS for it
            ProductionUrl = new Uri($"http://127.0.0.1:{productionPort.ToString(CultureInfo.InvariantCulture)}/"),
            TestUrl = new Uri($"http://127.0.0.1:{testPort.ToString(CultureInfo.InvariantCulture)}/"),
            CreateIfMissing = EcsServiceBootstrap.OnLocalEcs(productionPort, testPort, settings.Region),
            CloudWatchEndpoint = new Uri($"http://127.0.0.1:{LocalEcsPort.ToString(CultureInfo.InvariantCulture)}/"),
            LogsEndpoint = new Uri($"http://127.0.0.1:{LocalEcsPort.ToString(CultureInfo.InvariantCulture)}/"),
            MinuteLength = TimeSpan.FromSeconds(LocalEcsSecondsPerMinute),
            AllowDown = true,
            Alarms = [],
            ImageSource = RehearsalImageAsync,
        };
    }

    /// <summary>Starts the local ECS and the local registry unless they run, builds the image and pushes it; answers it by digest.</summary>
    async Task<string> RehearsalImageAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var logger = LoggerFactory.CreateLogger("Rehearsal");
        if (await LocalEcs.TryConnectAsync(LocalEcsStateDirectory, cancellationToken) is { } running)
        {
            logger.LogInformation("Local ECS runs on {Endpoint} (pid {Pid})", running.Endpoint, running.Pid);
        }
        else
        {
            var (accessKey, secretKey) = LocalEcsCredentials;
            var started = await LocalEcs.StartDetachedAsync(new EcsLocalOptions
            {
                Port = LocalEcsPort,
                StateDirectory = LocalEcsStateDirectory,
                AccessKey = accessKey,
                SecretKey = secretKey,
                SecondsPerMinute = LocalEcsSecondsPerMinute,
            }, cancellationToken);
            logger.LogInformation("Started the local ECS on {Endpoint} (pid {Pid}; ./build.sh LocalEcsDown stops it)", started.Endpoint, started.Pid);
        }

        var registry = await LocalRegistry.EnsureAsync(Path.Combine(LocalEcsStateDirectory, "registry"), LocalRegistryPort, cancellationToken);
        var build = spec.BuildImage ?? throw new InvalidOperationException("a rehearsal builds the image, but this build has no Image target (IImage)");
        var imageId = await build(cancellationToken);
        var repository = spec.ImageRepository ?? (this is IImage image ? image.ImageRepository : "rehearsal");
        var tag = new string([.. spec.Version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]);
        using var docker = DockerConnection.Open();
        using var client = new RegistryClient();
        var pushed = await new ImagePusher(docker, client, logger).PushAsync(
            imageId, Pipeline.Images.ImageReference.Parse($"{registry}/{repository}:{tag}"), null, cancellationToken);
        logger.LogInformation("Pushed {Image} to the local registry {Registry}", pushed.Pinned, registry);
        return pushed.Pinned;
    }

    Target LocalEcsUp => _ => _
        .Description("Start a local Amazon ECS (the ECS API on the Docker engine, native blue/green) detached, and print its endpoint")
        .Executes(async ct =>
        {
            if (await LocalEcs.TryConnectAsync(LocalEcsStateDirectory, ct) is { } running)
            {
                Output.WriteLine($"Local ECS already runs on {running.Endpoint} (pid {running.Pid.ToString(CultureInfo.InvariantCulture)}, state in {LocalEcsStateDirectory}); ./build.sh LocalEcsDown stops it.");
                return;
            }

            foreach (var line in await LocalEcs.StopUnreachableAsync(LocalEcsStateDirectory, ct))
            {
                Output.WriteLine($"Stopped {line} (its state folder no longer reached it).");
            }

            var (accessKey, secretKey) = LocalEcsCredentials;
            var info = await LocalEcs.StartDetachedAsync(new EcsLocalOptions
            {
                Port = LocalEcsPort,
                StateDirectory = LocalEcsStateDirectory,
                AccessKey = accessKey,
                SecretKey = secretKey,
                SecondsPerMinute = LocalEcsSecondsPerMinute,
            }, ct);
            Output.WriteLine($"Local ECS on {info.Endpoint} (pid {info.Pid.ToString(CultureInfo.InvariantCulture)}, state in {LocalEcsStateDirectory}).");
            Output.WriteLine($"  AWS_ACCESS_KEY_ID={accessKey} AWS_SECRET_ACCESS_KEY={secretKey} AWS_DEFAULT_REGION=us-east-1 aws --endpoint-url {info.Endpoint} ecs list-clusters");
            Output.WriteLine("  ./build.sh LocalEcsDown stops it and removes every task and listener.");
        });

    Target LocalEcsDown => _ => _
        .Description("Stop the local Amazon ECS and remove every task container and listener it started; stop the rehearsals' local registry")
        .Executes(async ct =>
        {
            var stopped = await LocalEcs.StopAsync(LocalEcsStateDirectory, down: true, ct);
            foreach (var line in stopped)
            {
                Output.WriteLine($"Stopped {line}.");
            }

            Output.WriteLine(stopped.Count > 0
                ? $"Local ECS down: no task or listener left (state in {LocalEcsStateDirectory} reset)."
                : $"Local ECS down: nothing of it was running (state in {LocalEcsStateDirectory} reset).");
            var registryDirectory = Path.Combine(LocalEcsStateDirectory, "registry");
            if (await LocalRegistry.StopAsync(registryDirectory, ct))
            {
                Output.WriteLine($"Stopped the local registry (its images stay in {registryDirectory}).");
            }
        });
}
