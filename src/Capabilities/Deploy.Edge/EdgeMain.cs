namespace Pipeline.Deploy.Edge;

/// <summary>Entry point of the edge process; see <see cref="EdgeOptions.Usage"/>.</summary>
internal static class EdgeMain
{
    public static async Task<int> Main(string[] args)
    {
        EdgeOptions options;
        try
        {
            options = EdgeOptions.Parse(args);
        }
        catch (EdgeException e)
        {
            await Console.Error.WriteLineAsync($"edge: {e.Message}");
            return 2;
        }

        if (options.Supervised)
        {
            return await EdgeSupervisor.RunAsync();
        }

        StreamWriter? log = null;
        if (options.LogFile is { } file)
        {
            log = new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            Console.SetOut(log);
            Console.SetError(log);
        }

        try
        {
            await EdgeServer.RunAsync(options, CancellationToken.None);
            return 0;
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"edge: {e.Message.TrimEnd('.')}; stop what listens there or choose another port");
            return 3;
        }
        finally
        {
            if (log is not null)
            {
                await log.DisposeAsync();
            }
        }
    }
}
