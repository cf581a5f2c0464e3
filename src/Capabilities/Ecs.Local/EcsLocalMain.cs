using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Ecs.Local;

/// <summary>Entry point: <c>serve</c> (default) runs until SIGTERM/Ctrl-C or a stop request; <c>down</c> and <c>stop</c> stop a running one.</summary>
internal static class EcsLocalMain
{
    public static async Task<int> Main(string[] args)
    {
        string command;
        EcsLocalOptions options;
        try
        {
            (command, options) = EcsLocalCommandLine.Parse(args);
        }
        catch (EcsLocalException e)
        {
            await Console.Error.WriteLineAsync($"ecs-local: {e.Message}");
            return 2;
        }

        try
        {
            if (command != "serve")
            {
                var stopped = await LocalEcs.StopAsync(options.StateDirectory, down: command == "down");
                foreach (var line in stopped)
                {
                    Console.WriteLine($"ecs-local: stopped {line}");
                }

                Console.WriteLine($"ecs-local: {(command == "down" ? "down: no task or load balancer left" : stopped.Count > 0 ? "stopped" : "was not running")} ({options.StateDirectory})");
                return 0;
            }

            await using var server = await EcsLocalServer.StartAsync(options);
            Console.WriteLine($"ecs-local: endpoint {server.Endpoint}");
            await ServerLifetime.WaitAsync(server.Stopped);
            await server.StopAsync();
            return 0;
        }
        catch (EcsLocalException e)
        {
            await Console.Error.WriteLineAsync($"ecs-local: {e.Message}");
            return 1;
        }
    }
}
