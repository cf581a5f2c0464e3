using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Images;
using Pipeline.Images.Building;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Deploy.Docker.IntegrationTests.Support;

/// <summary>
/// The sample's image, built once per test run as the Image target builds it: <c>dotnet publish src/Sample</c>, then
/// src/Sample/Dockerfile over the publish folder with BASE_IMAGE = <see cref="TestImages.AspNet"/>. Removed at the end.
/// </summary>
public sealed class SampleImage : IAsyncLifetime
{
    private readonly SemaphoreSlim sharedLock = new(1, 1);
    private DockerTestEnvironment? shared;
    private readonly string publish = Path.Combine(Path.GetTempPath(), "pipeline-docker-tests", "sample-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The image id (sha256:…): what the Docker platform deploys.</summary>
    public string Id { get; private set; } = "";

    public string Tag { get; } = "run-" + Guid.NewGuid().ToString("N")[..8];

    public const string Repository = "pipeline-deploy-docker-tests";

    public static string RepositoryRoot => RepositoryFolder.Root;

    public async Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Docker))
        {
            return; // every test skips
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepositoryRoot, "src", "Sample"), "-c", "Release", "-o", publish, "-nodeReuse:false", "-v", "q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish src/Sample failed ({process.ExitCode}): {await output}{await error}");
            }
        }

        File.Copy(Path.Combine(RepositoryRoot, "src", "Sample", "Dockerfile"), Path.Combine(publish, "Dockerfile"), overwrite: true);
        using var docker = DockerConnection.Open();
        var built = await new ImageBuilder(docker, NullLogger.Instance).BuildAsync(
            new ImageBuildRequest(publish, Repository)
            {
                BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = TestImages.AspNet },
                ExtraTags = [Tag],
            },
            CancellationToken.None);
        Id = built.Id;
    }

    /// <summary>
    /// A Docker environment (with its database) where 1.0.0 is deployed, shared by the rollback tests: each of them
    /// leaves it serving 1.0.0 again, which is what they assert.
    /// </summary>
    public async Task<DockerTestEnvironment> DeployedAsync()
    {
        await sharedLock.WaitAsync();
        try
        {
            if (shared is null)
            {
                var env = DockerTestEnvironment.Create(this, null);
                var record = await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None);
                if (!record.Succeeded)
                {
                    await env.DisposeAsync();
                    throw new InvalidOperationException($"the shared environment's first deploy failed: {DeploymentReport.ToText(record)}");
                }

                shared = env;
            }

            return shared;
        }
        finally
        {
            sharedLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (shared is not null)
        {
            await shared.DisposeAsync();
        }

        sharedLock.Dispose();
        try
        {
            Directory.Delete(publish, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }

        if (Id.Length > 0)
        {
            using var docker = TestDocker.Client();
            await docker.Images.DeleteImageAsync(Id, new global::Docker.DotNet.Models.ImageDeleteParameters { Force = true }, CancellationToken.None);
        }
    }
}

/// <summary>Docker tests share one sample image and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<SampleImage>
{
    public const string Name = "docker platform";
}
