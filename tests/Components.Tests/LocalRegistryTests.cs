using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pipeline.Components.Rehearsal;
using Pipeline.Testing.Requirements;

namespace Pipeline.Components.Tests;

/// <summary>The rehearsals' local registry: reused when one answers, started detached and stopped by its pid file or, without it, by its command line.</summary>
public sealed class LocalRegistryTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("pipeline-registry-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task A_registry_that_already_answers_is_used_and_nothing_is_started()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = AnswerOkAsync(listener, stop.Token);

        var host = await LocalRegistry.EnsureAsync(_state, port, CancellationToken.None);

        Assert.Equal($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", host);
        Assert.False(File.Exists(Path.Combine(_state, "registry.pid")));
        Assert.False(await LocalRegistry.StopAsync(_state, CancellationToken.None));
        await stop.CancelAsync();
        listener.Stop();
        await server;
    }

    [FactRequiring(Requirement.Registry)]
    public async Task It_starts_detached_answers_and_stops_by_its_pid_file()
    {
        var host = await LocalRegistry.EnsureAsync(_state, FreePort(), CancellationToken.None);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://{host}/v2/"))).StatusCode);
        Assert.True(File.Exists(Path.Combine(_state, "registry.pid")));
        Assert.True(await LocalRegistry.StopAsync(_state, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{host}/v2/")));
        Assert.False(File.Exists(Path.Combine(_state, "registry.pid")));
        Assert.False(await LocalRegistry.StopAsync(_state, CancellationToken.None));
    }

    [FactRequiring(Requirement.Registry)]
    public async Task With_its_pid_file_gone_it_is_found_and_stopped_by_its_command_line()
    {
        var host = await LocalRegistry.EnsureAsync(_state, FreePort(), CancellationToken.None);
        File.Delete(Path.Combine(_state, "registry.pid"));

        Assert.True(await LocalRegistry.StopAsync(_state, CancellationToken.None));

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{host}/v2/")));
        Assert.False(await LocalRegistry.StopAsync(_state, CancellationToken.None));
    }

    [Fact]
    public async Task Without_the_registry_installed_it_says_how_to_install_it()
    {
        var emptyPath = Directory.CreateDirectory(Path.Combine(_state, "empty-bin")).FullName;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalRegistry.EnsureAsync(_state, FreePort(), emptyPath, CancellationToken.None));

        Assert.Contains("docker-registry is not installed: apt-get install docker-registry", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_state, "registry.pid")));
    }

    [Fact]
    public async Task A_pid_file_that_names_another_program_stops_nothing_and_is_removed()
    {
        await File.WriteAllTextAsync(Path.Combine(_state, "registry.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        Assert.False(await LocalRegistry.StopAsync(_state, CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(_state, "registry.pid")));
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();

    private static async Task AnswerOkAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer, cancellationToken);
                await stream.WriteAsync(answer, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
