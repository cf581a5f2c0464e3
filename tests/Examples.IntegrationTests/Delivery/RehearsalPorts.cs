using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Pipeline.Testing;

namespace Pipeline.Examples.IntegrationTests.Delivery;

/// <summary>
/// Free loopback ports for an example's rehearsal on the local ECS: its API, its registry, and the services' listeners
/// (the first service on <see cref="Service"/> and the next port, the second 10 above). The listeners' block is taken
/// below Linux's ephemeral range (32768 and up), where an outgoing connection could take a port between the check and
/// the local ECS binding it.
/// </summary>
public sealed record RehearsalPorts(int Ecs, int Registry, int Service)
{
    public static RehearsalPorts Free()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var service = Random.Shared.Next(20000, 32000);
            if (new[] { service, service + 1, service + 10, service + 11 }.All(Bindable))
            {
                return new RehearsalPorts(LoopbackPorts.Free(), LoopbackPorts.Free(), service);
            }
        }

        throw new InvalidOperationException("no free block of rehearsal ports on 127.0.0.1");
    }

    /// <summary>The build's arguments naming these ports.</summary>
    public string[] Arguments =>
    [
        "--local-ecs-port", Ecs.ToString(CultureInfo.InvariantCulture),
        "--local-registry-port", Registry.ToString(CultureInfo.InvariantCulture),
        "--rehearsal-port", Service.ToString(CultureInfo.InvariantCulture),
    ];

    public Uri First => new($"http://127.0.0.1:{Service.ToString(CultureInfo.InvariantCulture)}/");

    public Uri Second => new($"http://127.0.0.1:{(Service + 10).ToString(CultureInfo.InvariantCulture)}/");

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
