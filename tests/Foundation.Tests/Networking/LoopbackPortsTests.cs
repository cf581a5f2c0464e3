using System.Net;
using System.Net.Sockets;
using Pipeline.Foundation.Networking;

namespace Pipeline.Foundation.Tests.Networking;

public sealed class LoopbackPortsTests
{
    [Theory]
    [InlineData("32768\t60999\n", 32768)]
    [InlineData("40000 65000", 40000)]
    [InlineData(null, 49152)]
    [InlineData("", 49152)]
    [InlineData("garbage", 49152)]
    [InlineData("80\t90", 49152)]
    public void The_ephemeral_range_starts_where_the_OS_says_or_at_IANAs_start(string? linuxRange, int expected) =>
        Assert.Equal(expected, LoopbackPorts.EphemeralStart(linuxRange));

    [Fact]
    public void Ports_handed_out_are_bindable_below_the_ephemeral_range_and_never_twice()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralStart = LoopbackPorts.EphemeralStart(File.Exists(range) ? File.ReadAllText(range) : null);
        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 10_000, ephemeralStart - 1));
        foreach (var port in ports.Take(5))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
