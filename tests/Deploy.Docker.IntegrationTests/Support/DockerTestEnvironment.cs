using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests.Support;

/// <summary>
/// A throw-away Docker environment for one test (or one test class): its own root folder, name and edge ports, the
/// Docker platform running the sample image behind a real edge, with PostgreSQL from <see cref="TestImages.Postgres"/>,
/// and an engine. Disposing runs Down (database included) and deletes the folder.
/// </summary>
public sealed class DockerTestEnvironment : IAsyncDisposable
{
    private DockerTestEnvironment(SampleImage image, ITestOutputHelper? output, bool database, Uri? dockerEndpoint)
    {
        Image = image;
        Logger = output is null ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : new XunitLogger(output);
        Name = "dk" + Guid.NewGuid().ToString("N")[..6];
        Root = Path.Combine(Path.GetTempPath(), "pipeline-docker-tests", "env-" + Name);
        var (publicPort, testPort) = LoopbackPorts.FreePair();

        Folder = SampleOnDocker.Folder(Root, Name, publicPort, testPort);
        var options = SampleOnDocker.Options(TestImages.Postgres, TimeSpan.FromSeconds(3)) with { DockerEndpoint = dockerEndpoint };
        Platform = new DockerPlatform(Folder, database ? options : options with { Database = null }, Logger);
        Engine = new DeployEngine(Platform, new LocalFileLedger(Folder, Logger), Logger);
    }

    public SampleImage Image { get; }

    public Microsoft.Extensions.Logging.ILogger Logger { get; }

    public string Name { get; }

    public string Root { get; }

    public LocalEnvironmentFolder Folder { get; }

    public DockerPlatform Platform { get; }

    public DeployEngine Engine { get; }

    public Uri PublicUrl => Folder.PublicUrl;

    public static DockerTestEnvironment Create(SampleImage image, ITestOutputHelper? output, bool database = true, Uri? dockerEndpoint = null) =>
        new(image, output, database, dockerEndpoint);

    /// <summary>A deploy of the sample image as <paramref name="version"/>, with extra variables (the fault switch).</summary>
    public DeployRequest Request(string version, params (string Name, string Value)[] variables) =>
        SampleOnDocker.Request(Platform, Image.Id, version, Logger, variables.ToDictionary(v => v.Name, v => v.Value));

    /// <summary>The version production answers with, through the edge.</summary>
    public Task<string?> VersionAsync() => SampleVersion.ReadAsync(PublicUrl);

    public async Task<EdgeState> EdgeStateAsync()
    {
        using var client = await EdgeClient.ConnectAsync(Folder.EdgeDirectory);
        return await client.GetStateAsync();
    }

    /// <summary>App containers of this environment that exist on the engine (any state).</summary>
    public async Task<IReadOnlyList<global::Docker.DotNet.Models.ContainerListResponse>> AppContainersAsync() =>
        [.. (await TestDocker.ContainersAsync(DockerEnvironmentResources.InstanceLabel, Platform.Resources.Instance))
            .Where(c => c.Labels[DockerEnvironmentResources.RoleLabel] == "app")];

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Platform.DownAsync(keepDatabase: false);
        }
        catch (DeployException)
        {
            // no engine (the bad-input test): nothing to take down
        }

        Platform.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
