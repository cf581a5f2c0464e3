using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Environments;
using Xunit.Abstractions;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>
/// A throw-away environment of the sample on the platform under test, opened exactly as the build's targets open one
/// (settings → <see cref="IPlatformEnvironment"/>): its own root folder, name and free loopback ports. Disposing runs
/// Down and deletes the folder.
/// </summary>
public sealed class ContractEnvironment : IAsyncDisposable
{
    private ContractEnvironment(IPlatformUnderTest platform, ITestOutputHelper output)
    {
        Platform = platform;
        Output = output;
        Name = "ct" + Guid.NewGuid().ToString("N")[..6];
        Root = Path.Combine(Path.GetTempPath(), "pipeline-contract-tests", Name);
        (PublicPort, TestPort) = LoopbackPorts.FreePair();
        Settings = platform.Settings(Name, PublicPort, TestPort);
        Environment = Settings.Open(new EnvironmentContext
        {
            Name = Name,
            RootDirectory = Root,
            LoggerFactory = new XunitLoggerFactory(output),
            EntryAssembly = "Pipeline.Sample.dll",
        });
    }

    public IPlatformUnderTest Platform { get; }

    public ITestOutputHelper Output { get; }

    public string Name { get; }

    public string Root { get; }

    public int PublicPort { get; }

    public int TestPort { get; }

    public PlatformSettings Settings { get; }

    public IPlatformEnvironment Environment { get; }

    public Uri PublicUrl => new($"http://127.0.0.1:{PublicPort}/");

    /// <summary>The environment's current.json.</summary>
    public string StatePath => Path.Combine(Root, ".pipeline", "environments", Name, "current.json");

    public string EdgeDirectory => Path.Combine(Root, ".pipeline", "environments", Name, "edge");

    public static ContractEnvironment Create(IPlatformUnderTest platform, ITestOutputHelper output) => new(platform, output);

    /// <summary>A deploy of the sample as <paramref name="version"/>, with the fault switch's variables.</summary>
    public DeploySpec Spec(string version, params (string Name, string Value)[] variables) =>
        Platform.Spec(version, Root, Name) with
        {
            Variables = variables.ToDictionary(v => v.Name, v => v.Value),
            HealthTimeout = Platform.HealthTimeout,
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(200), MinimumRequests = 5 },
        };

    public async Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken = default)
    {
        var record = await Environment.DeployAsync(spec, cancellationToken);
        Output.WriteLine(DeploymentReport.ToText(record));
        return record;
    }

    /// <summary>The version production answers with.</summary>
    public Task<string?> VersionAsync() => SampleVersion.ReadAsync(PublicUrl);

    public async Task<EdgeState> EdgeStateAsync()
    {
        using var client = await EdgeClient.ConnectAsync(EdgeDirectory);
        return await client.GetStateAsync();
    }

    /// <summary>The deploy driver on the same environment, as a child process (to kill -9 it).</summary>
    public System.Diagnostics.Process StartDriver(string command, params string[] arguments) =>
        DeployDriver.Start(command, [
            "--root", Root, "--env", Name,
            "--public-port", PublicPort.ToString(CultureInfo.InvariantCulture),
            "--test-port", TestPort.ToString(CultureInfo.InvariantCulture),
            "--settings", DriverSettingsJson.Write(Settings),
            .. Platform.DriverArtefacts, .. arguments],
            Platform.DriverEnvironment);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Environment.DownAsync(CancellationToken.None);
        }
        catch (DeployException e)
        {
            Output.WriteLine($"down: {e.Message}");
        }

        await Environment.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a process may still hold a log file
        }
    }

    private sealed class XunitLoggerFactory(ITestOutputHelper output) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new XunitLogger(output);

        public void Dispose()
        {
        }
    }
}
