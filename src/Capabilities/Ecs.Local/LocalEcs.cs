using System.Globalization;
using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Ecs.Local;

// API summary (what a build target calls):
//   var ecs = await LocalEcs.StartDetachedAsync(new EcsLocalOptions { Port = 4599, StateDirectory = ".ecs-local", AccessKey = "…", SecretKey = "…" }, ct);
//   ecs.Endpoint  -> http://127.0.0.1:4599/   (aws --endpoint-url, AWS_ENDPOINT_URL_ECS)
//   await LocalEcs.StopAsync(stateDirectory, down: true, ct)   (down: also stop every task and load balancer)

/// <summary>Starts a local ECS as a detached process that outlives the caller, and stops it.</summary>
public static class LocalEcs
{
    public const string AssemblyFileName = "Pipeline.Ecs.Local.dll";
    public const string LogFileName = EcsLocalServer.LogFileName;

    /// <summary>
    /// Launches <c>dotnet Pipeline.Ecs.Local.dll serve …</c> in its own session, output appended to
    /// <c>&lt;state-dir&gt;/ecs-local.log</c>, and waits until its API answers; returns what it wrote to ecs-local.json.
    /// </summary>
    public static async Task<EcsLocalInfo> StartDetachedAsync(EcsLocalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = EcsLocalServer.FilesOf(options.StateDirectory);
        var dll = Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (!File.Exists(dll))
        {
            dll = typeof(LocalEcs).Assembly.Location;
        }

        return await DetachedServer.StartAsync<EcsLocalInfo>(
            files, dll, EcsLocalCommandLine.ToArguments(options with { StateDirectory = files.StateDirectory }), m => new EcsLocalException(m), cancellationToken);
    }

    /// <summary>The running local ECS of a state directory, or null when none answers.</summary>
    public static Task<EcsLocalInfo?> TryConnectAsync(string stateDirectory, CancellationToken cancellationToken = default) =>
        DetachedServer.TryConnectAsync<EcsLocalInfo>(EcsLocalServer.FilesOf(stateDirectory), cancellationToken);

    /// <summary>
    /// Stops the local ECS of a state directory and waits for its process to exit. With <paramref name="down"/> it first
    /// stops every task and load balancer, so no container is left behind; when no server runs, down cleans up directly.
    /// </summary>
    public static async Task StopAsync(string stateDirectory, bool down = true, CancellationToken cancellationToken = default)
    {
        var files = EcsLocalServer.FilesOf(stateDirectory);
        if (await DetachedServer.TryConnectAsync<EcsLocalInfo>(files, cancellationToken) is not { } info)
        {
            if (down && File.Exists(Path.Combine(files.StateDirectory, State.EcsStore.FileName)))
            {
                await using var engine = new EcsEngine(
                    new EcsLocalOptions { StateDirectory = files.StateDirectory, AccessKey = "-", SecretKey = "-" },
                    Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
                await engine.DownAsync(cancellationToken);
            }

            return;
        }

        await DetachedServer.ShutdownAsync(files, info, down, m => new EcsLocalException(m), cancellationToken);
    }

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
