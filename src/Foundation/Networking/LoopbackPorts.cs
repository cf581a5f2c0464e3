using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Foundation.Networking;

/// <summary>
/// TCP ports on 127.0.0.1 that are free now and likely to stay free until a child process binds them. A port the OS
/// picks (bind to port 0) comes from the ephemeral range, which the OS also hands to every outgoing connection, so
/// between the probe and the child's bind another connection can take it ("address already in use"). Ports are
/// therefore picked below the ephemeral range, where only an explicit bind takes them, and not handed out twice by
/// this process within <see cref="ReuseDelay"/>.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private const int Attempts = 200;
    private const string LinuxEphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>How long a port handed out is not handed out again by this process (its child may not have bound it yet).</summary>
    public static readonly TimeSpan ReuseDelay = TimeSpan.FromMinutes(2);

    // Process-wide on purpose: two callers in one process (parallel deploys, parallel tests) must not get the same port.
    private static readonly Dictionary<int, DateTimeOffset> HandedOut = [];

    /// <summary>A port free on 127.0.0.1 right now, outside the OS's ephemeral range where it has one below 10000.</summary>
    public static int Free()
    {
        var below = EphemeralStart(File.Exists(LinuxEphemeralRange) ? File.ReadAllText(LinuxEphemeralRange) : null);
        if (below - Lowest >= 1_000)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below);
                if (Reserve(port) && CanBind(port))
                {
                    return port;
                }
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var port = OsPicked();
            if (Reserve(port) || attempt >= Attempts)
            {
                return port;
            }
        }
    }

    /// <summary>
    /// The first port of the ephemeral range given as Linux's <c>ip_local_port_range</c> reads ("32768\t60999"), or
    /// 49152 (IANA's, used by Windows and macOS) when there is none or it cannot be read.
    /// </summary>
    public static int EphemeralStart(string? linuxRange)
    {
        var first = linuxRange?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start is > 1024 and <= 65535
            ? start
            : 49152;
    }

    private static bool Reserve(int port)
    {
        var now = DateTimeOffset.UtcNow;
        lock (HandedOut)
        {
            if (HandedOut.TryGetValue(port, out var at) && now - at < ReuseDelay)
            {
                return false;
            }

            foreach (var stale in HandedOut.Where(p => now - p.Value >= ReuseDelay).Select(p => p.Key).ToList())
            {
                HandedOut.Remove(stale);
            }

            HandedOut[port] = now;
            return true;
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int OsPicked()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
