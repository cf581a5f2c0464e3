namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// A stand-in's entry point: <c>serve</c> (default) runs until SIGTERM/Ctrl-C or a stop request; <c>down</c> and
/// <c>stop</c> stop a running one. Its own errors (an exception type of its own) are one line prefixed with
/// <c>name:</c> — exit code 2 for a wrong command line, 1 for a failure.
/// </summary>
internal static class StandInMain
{
    /// <param name="args">The command line.</param>
    /// <param name="name">The program's name in its output, e.g. <c>ecs-local</c>.</param>
    /// <param name="parse">The command (serve, down or stop) and the options of <paramref name="args"/>.</param>
    /// <param name="stop">Stops the stand-in of the options (true: down) and answers the lines to print.</param>
    /// <param name="serve">Starts the stand-in's server in this process.</param>
    public static async Task<int> RunAsync<TOptions, TError>(
        IReadOnlyList<string> args,
        string name,
        Func<IReadOnlyList<string>, (string Command, TOptions Options)> parse,
        Func<TOptions, bool, Task<IReadOnlyList<string>>> stop,
        Func<TOptions, Task<LocalServer>> serve)
        where TError : Exception
    {
        string command;
        TOptions options;
        try
        {
            (command, options) = parse(args);
        }
        catch (TError e)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}");
            return 2;
        }

        try
        {
            if (command != "serve")
            {
                foreach (var line in await stop(options, command == "down"))
                {
                    Console.WriteLine($"{name}: {line}");
                }

                return 0;
            }

            await using var server = await serve(options);
            Console.WriteLine($"{name}: endpoint {server.Endpoint}");
            await ServerLifetime.WaitAsync(server.Stopped);
            await server.StopAsync(CancellationToken.None);
            return 0;
        }
        catch (TError e)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}");
            return 1;
        }
    }
}
