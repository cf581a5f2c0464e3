using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Lambda.Local.Hosting;

/// <summary>Entry point: <c>serve</c> (default) runs until SIGTERM/Ctrl-C or a stop request; <c>down</c> and <c>stop</c> stop a running one.</summary>
internal static class LambdaLocalMain
{
    public static async Task<int> Main(string[] args)
    {
        string command;
        LambdaLocalOptions options;
        try
        {
            (command, options) = LambdaLocalCommandLine.Parse(args);
        }
        catch (LambdaLocalException e)
        {
            await Console.Error.WriteLineAsync($"lambda-local: {e.Message}");
            return 2;
        }

        try
        {
            if (command != "serve")
            {
                await LocalLambda.StopAsync(options.StateDirectory, down: command == "down");
                Console.WriteLine($"lambda-local: {(command == "down" ? "down: no container or function URL left" : "stopped")} ({options.StateDirectory})");
                return 0;
            }

            await using var server = await LambdaLocalServer.StartAsync(options);
            Console.WriteLine($"lambda-local: endpoint {server.Endpoint}");
            await ServerLifetime.WaitAsync(server.Stopped);
            await server.StopAsync();
            return 0;
        }
        catch (LambdaLocalException e)
        {
            await Console.Error.WriteLineAsync($"lambda-local: {e.Message}");
            return 1;
        }
    }
}
