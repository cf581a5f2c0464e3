using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Pipeline.Deploy.Edge.Tests;

[Collection(EdgeCollection.Name)]
public sealed class ControlApiTests(EdgeFixture edge)
{
    private Uri Control(string path) => new($"http://127.0.0.1:{edge.Client.Info.ControlPort}{path}");

    [Fact]
    public async Task Control_api_without_or_with_a_wrong_token_answers_401()
    {
        using var none = await edge.Http.GetAsync(Control("/state"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, Control("/state"));
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", new string('0', 64));
        using var wrongResponse = await edge.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Token_file_is_readable_by_the_user_only()
    {
        var mode = File.GetUnixFileMode(Path.Combine(edge.StateDirectory, EdgeInfo.TokenFileName));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    /// <summary>
    /// Another address of this machine (its first non-loopback IPv4 address, else 127.0.0.2, which Linux routes to the
    /// loopback interface too) reaches a listener bound to every address, but not the control port.
    /// </summary>
    [Fact]
    public async Task Control_port_listens_on_loopback_only()
    {
        var other = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Parse("127.0.0.2");
        using var everywhere = new System.Net.Sockets.TcpListener(IPAddress.Any, 0);
        everywhere.Start();
        using (var reachable = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            await reachable.ConnectAsync(new IPEndPoint(other, ((IPEndPoint)everywhere.LocalEndpoint).Port));
        }

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(
            async () => await socket.ConnectAsync(new IPEndPoint(other, edge.Client.Info.ControlPort)));
    }

    [Theory]
    [InlineData(60, 30, "invalid route table: weights must sum to 100 (blue 60 + green 30 = 90)")]
    [InlineData(101, -1, "invalid route table: blue: weight 101 is outside 0..100")]
    public async Task Invalid_weights_are_refused_with_the_reason(int blue, int green, string expected)
    {
        var error = await Assert.ThrowsAsync<EdgeException>(() => edge.Client.SetRoutesAsync(edge.Routes(blue, green)));

        Assert.Equal($"edge refused PUT /routes: {expected}", error.Message);
    }

    [Theory]
    [InlineData("""{"blue":{"address":"http://127.0.0.1:1","weight":100},"red":{"address":"http://127.0.0.1:2","weight":0}}""",
        "invalid route table: unknown field $.red; a route table has blue, green (address, weight, version) and test")]
    [InlineData("""{"blue":{"address":"/relative","weight":100}}""",
        "invalid route table: blue: address '/relative' must be an absolute http:// URL")]
    [InlineData("""{"blue":{"address":"https://127.0.0.1:1","weight":100}}""",
        "invalid route table: blue: address 'https://127.0.0.1:1/' must be an absolute http:// URL")]
    [InlineData("""{"blue":{"address":"http://127.0.0.1:1","weight":100},"test":"green"}""",
        "invalid route table: test colour green has no upstream")]
    [InlineData("""{"blue":{"address":"http://127.0.0.1:1","weight":100},"test":"purple"}""",
        "invalid route table: $.test: unknown colour 'purple': use blue or green")]
    public async Task Invalid_route_tables_answer_400_with_one_line(string body, string expected)
    {
        var before = (await edge.Client.GetStateAsync()).Routes;
        using var request = new HttpRequestMessage(HttpMethod.Put, Control("/routes"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await File.ReadAllTextAsync(Path.Combine(edge.StateDirectory, EdgeInfo.TokenFileName)));

        using var response = await edge.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$"""{"error":"{{expected}}"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await edge.Client.GetStateAsync()).Routes);
    }

    [Fact]
    public async Task State_reports_routes_and_ports()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(30, 70, test: EdgeColour.Green));

        var state = await edge.Client.GetStateAsync();

        Assert.Equal(edge.Client.Info.Pid, state.Pid);
        Assert.Equal(edge.Client.Info.PublicPort, state.PublicPort);
        Assert.Equal(70, state.Routes.WeightOf(EdgeColour.Green));
        Assert.Equal("1.1.0", state.Routes.Green!.Version);
        Assert.Equal(EdgeColour.Green, state.Routes.Test);
        Assert.Equal([EdgeColour.Blue, EdgeColour.Green], state.Colours.Select(c => c.Colour));
    }
}
