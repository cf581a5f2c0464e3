using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Process;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Tests.Support;

/// <summary>
/// A throw-away local environment for one test: its own root folder and free ports, the Process platform running the
/// published sample behind a real edge, and an engine. Disposing runs Down and deletes the folder.
/// </summary>
public sealed class TestEnvironment : IAsyncDisposable
{
    private TestEnvironment(SamplePublish sample, ITestOutputHelper output, string name)
    {
        Sample = sample;
        Logger = new XunitLogger(output);
        Root = Path.Combine(Path.GetTempPath(), "pipeline-deploy-tests", "env-" + Guid.NewGuid().ToString("N")[..8]);
        var (publicPort, testPort) = LoopbackPorts.FreePair();

        EdgePorts = new LocalEdgePorts(publicPort, testPort);
        Folder = LocalEnvironmentFolder.Open(Root, name, EdgePorts);
        Database = Path.Combine(Folder.DataDirectory, "sample.db");
        Options = new ProcessPlatformOptions
        {
            EntryAssembly = "Pipeline.Sample.dll",
            Environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Default"] = SampleSchema.ConnectionString(Database),
                ["Database__Provider"] = "sqlite",
            },
            StopGracePeriod = TimeSpan.FromSeconds(5),
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        Platform = new ProcessPlatform(Folder, Options, Logger);
        Engine = new DeployEngine(Platform, new LocalFileLedger(Folder, Logger), Logger);
    }

    public SamplePublish Sample { get; }

    public XunitLogger Logger { get; }

    public string Root { get; }

    public LocalEdgePorts EdgePorts { get; }

    public LocalEnvironmentFolder Folder { get; }

    public string Database { get; }

    public ProcessPlatformOptions Options { get; }

    public ProcessPlatform Platform { get; }

    public DeployEngine Engine { get; }

    public Uri PublicUrl => Folder.PublicUrl;

    public static TestEnvironment Create(SamplePublish sample, ITestOutputHelper output, string name = "test") => new(sample, output, name);

    /// <summary>A deploy of the published sample as <paramref name="version"/>, with a fault switch when given.</summary>
    public DeployRequest Request(string version, string? fault = null, params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value);
        if (fault is not null)
        {
            env["SAMPLE_FAULT"] = fault;
        }

        return new DeployRequest(new Release(version, Sample.Directory, "abc1234") { Environment = env })
        {
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(200), MinimumRequests = 5 },
            HealthTimeout = TimeSpan.FromSeconds(30),
            SmokeTests = new SmokeTests()
                .Http("ready", "/health/ready")
                .Http("version", "/version", c => c.JsonValue("version", version)),
            BeforeTrafficShift = ct => SampleSchema.EnsureAsync(Database, ct),
        };
    }

    /// <summary>The version production answers with, through the edge.</summary>
    public Task<string?> VersionAsync() => SampleVersion.ReadAsync(PublicUrl);

    public async Task<EdgeState> EdgeStateAsync()
    {
        using var client = await EdgeClient.ConnectAsync(Folder.EdgeDirectory);
        return await client.GetStateAsync();
    }

    /// <summary>Pids of the colours current.json lists that are running.</summary>
    public IReadOnlyList<int> LivePids() =>
        [.. Folder.ReadState().Colours.Values.Where(c => c.Pid is { } p && IsRunning(p)).Select(c => c.Pid!.Value)];

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static int FreePort() => LoopbackPorts.Free();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Platform.DownAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DeployException or IOException)
        {
            Logger.Log(Microsoft.Extensions.Logging.LogLevel.Warning, default, e.Message, null, (s, _) => s);
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a process may still be writing its log
        }
    }
}
