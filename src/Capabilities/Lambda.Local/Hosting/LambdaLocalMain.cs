using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Lambda.Local.Hosting;

/// <summary>Entry point: <c>serve</c> (default) runs until SIGTERM/Ctrl-C or a stop request; <c>down</c> and <c>stop</c> stop a running one.</summary>
internal static class LambdaLocalMain
{
    public static Task<int> Main(string[] args) => StandInMain.RunAsync<LambdaLocalOptions, LambdaLocalException>(
        args,
        "lambda-local",
        LambdaLocalCommandLine.Parse,
        StopAsync,
        async options => (await LambdaLocalServer.StartAsync(options)).Running);

    private static async Task<IReadOnlyList<string>> StopAsync(LambdaLocalOptions options, bool down)
    {
        await LocalLambda.StopAsync(options.StateDirectory, down);
        return [$"{(down ? "down: no container or function URL left" : "stopped")} ({options.StateDirectory})"];
    }
}
