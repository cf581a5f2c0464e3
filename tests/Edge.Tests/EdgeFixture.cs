using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Deploy.Edge.Tests;

using Process = System.Diagnostics.Process; // not the Pipeline.Deploy.Process namespace

/// <summary>A real edge process (started detached, as the deploy engine does) with two real upstreams, blue and green.</summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("edge-tests-").FullName;

    public EdgeClient Client { get; private set; } = null!;

    /// <summary>The routes the edge reported right after it started, before any test set its own.</summary>
    public RouteTable InitialRoutes { get; private set; } = null!;

    public Upstream Blue { get; private set; } = null!;

    public Upstream Green { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task InitializeAsync()
    {
        Blue = await Upstream.StartAsync("blue");
        Green = await Upstream.StartAsync("green");
        Client = await EdgeProcess.StartDetachedAsync(StateDirectory, new EdgePorts(FreePort(), Test: FreePort()));
        InitialRoutes = (await Client.GetStateAsync()).Routes;
    }

    public RouteTable Routes(int blue, int green, EdgeColour? test = null) =>
        new(new UpstreamRoute(Blue.Address, blue, "1.0.0"), new UpstreamRoute(Green.Address, green, "1.1.0"), test);

    public async Task<string> GetColourAsync(Uri baseUrl, string path = "/")
    {
        using var response = await Http.GetAsync(new Uri(baseUrl, path));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Edge-Colour").Single();
    }

    public async Task DisposeAsync()
    {
        var pid = Client.Info.Pid;
        await Client.ShutdownAsync();
        Client.Dispose();
        KillIfAlive(pid);
        await Blue.DisposeAsync();
        await Green.DisposeAsync();
        Http.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }

    public static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();

    public static void KillIfAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            if (!process.WaitForExit(5000))
            {
                process.Kill();
            }
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }
}
