using System.Globalization;
using Pipeline.Ecs.Local;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

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

    Target LocalEcsUp => _ => _
        .Description("Start a local Amazon ECS (the ECS API on the Docker engine, native blue/green) detached, and print its endpoint")
        .Executes(async ct =>
        {
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
        .Description("Stop the local Amazon ECS and remove every task container and listener it started")
        .Executes(async ct =>
        {
            await LocalEcs.StopAsync(LocalEcsStateDirectory, down: true, ct);
            Output.WriteLine($"Local ECS down: no task or listener left (state in {LocalEcsStateDirectory} reset).");
        });
}
