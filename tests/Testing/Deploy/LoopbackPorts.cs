using System.Net;
using System.Net.Sockets;

namespace Pipeline.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for a throw-away environment's edge.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Two different free ports: an edge's public and test listeners.</summary>
    public static (int Public, int Test) FreePair()
    {
        var publicPort = Free();
        var testPort = Free();
        while (testPort == publicPort)
        {
            testPort = Free();
        }

        return (publicPort, testPort);
    }
}
