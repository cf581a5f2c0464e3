using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Ecs.Local.Hosting;

/// <summary>Entry point: <c>serve</c> (default) runs until SIGTERM/Ctrl-C or a stop request; <c>down</c> and <c>stop</c> stop a running one.</summary>
internal static class EcsLocalMain
{
    public static Task<int> Main(string[] args) => StandInMain.RunAsync<EcsLocalOptions, EcsLocalException>(
        args,
        "ecs-local",
        EcsLocalCommandLine.Parse,
        StopAsync,
        async options => (await EcsLocalServer.StartAsync(options)).Running);

    private static async Task<IReadOnlyList<string>> StopAsync(EcsLocalOptions options, bool down)
    {
        var stopped = await LocalEcs.StopAsync(options.StateDirectory, down);
        return
        [
            .. stopped.Select(line => $"stopped {line}"),
            $"{(down ? "down: no task or load balancer left" : stopped.Count > 0 ? "stopped" : "was not running")} ({options.StateDirectory})",
        ];
    }
}
