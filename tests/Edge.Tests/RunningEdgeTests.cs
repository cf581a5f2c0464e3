using System.Net;

namespace Pipeline.Deploy.Edge.Tests;

/// <summary>What a started edge does on its own (no routes yet, a lost token), on the edge the collection shares.</summary>
[Collection(EdgeCollection.Name)]
public sealed class RunningEdgeTests(EdgeFixture edge)
{
    [Fact]
    public async Task With_nothing_routed_the_public_listener_answers_503_naming_no_build_command()
    {
        Assert.Equal(RouteTable.Empty, edge.InitialRoutes); // a started edge routes nothing until told to
        await edge.Client.SetRoutesAsync(RouteTable.Empty);

        using var response = await edge.Http.GetAsync(edge.Client.PublicUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("edge: no upstream is routed: nothing is deployed behind this edge yet\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_lost_token_is_written_again_by_the_running_edge_and_traffic_never_stops()
    {
        await edge.Client.SetRoutesAsync(edge.Routes(100, 0));
        var token = Path.Combine(edge.StateDirectory, EdgeInfo.TokenFileName);
        var before = await File.ReadAllTextAsync(token);
        File.Delete(token);

        using var again = await EdgeClient.ConnectAsync(edge.StateDirectory); // SIGHUPs the edge, which writes it back

        Assert.Equal(edge.Client.Info.Pid, again.Info.Pid);
        Assert.Equal(before, await File.ReadAllTextAsync(token));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
        }

        Assert.Equal("blue", await edge.Http.GetStringAsync(again.PublicUrl));
    }
}
