using System.Collections.Concurrent;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Driver;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>A database container that runs another image than the environment declares is said, not silently kept.</summary>
[Collection(DockerCollection.Name)]
public sealed class DatabaseImageTests(SampleImage image, ITestOutputHelper output)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_database_container_on_another_image_than_declared_is_said_in_one_line()
    {
        await using var env = DockerTestEnvironment.Create(image, output);
        await env.Platform.EnsureDatabaseAsync(CancellationToken.None);
        var repository = "pipeline-faults-postgres";
        var declared = $"{repository}:{env.Name}"; // the same image under another name: what a changed declaration looks like
        using var docker = TestDocker.Client();
        await docker.Images.TagImageAsync(TestImages.Postgres, new ImageTagParameters { RepositoryName = repository, Tag = env.Name });
        try
        {
            var logger = new WarningLogger();
            var options = SampleOnDocker.Options(declared, TimeSpan.FromSeconds(3)).Database!;
            using var again = DockerEnvironmentResources.Open(env.Folder, options, logger);

            await again.EnsureDatabaseAsync(CancellationToken.None);

            var warning = Assert.Single(logger.Warnings);
            output.WriteLine(warning);
            Assert.Equal(
                $"Database container {again.DatabaseContainerName} runs {TestImages.Postgres}, not the declared {declared}: " +
                $"it keeps its image (and data in volume {again.DatabaseVolumeName}) until the environment is taken down with its data",
                warning);
        }
        finally
        {
            await docker.Images.DeleteImageAsync(declared, new ImageDeleteParameters());
        }
    }

    private sealed class WarningLogger : ILogger
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
