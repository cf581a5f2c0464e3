using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Images;
using Pipeline.Images.Building;
using Pipeline.Testing;

namespace Pipeline.Deploy.Ecs.IntegrationTests.Support;

/// <summary>
/// The sample's image as the Image target builds it (<c>dotnet publish src/Sample</c>, then src/Sample/Dockerfile over
/// the publish folder with BASE_IMAGE = <see cref="TestImages.AspNet"/>), for the platform contract on ECS.
/// </summary>
internal static class SampleImage
{
    public static async Task<string> BuildAsync(string repository, CancellationToken cancellationToken)
    {
        var publish = Path.Combine(Path.GetTempPath(), "pipeline-ecs-tests", "sample-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "publish", Path.Combine(RepositoryFolder.Root, "src", "Sample"), "-c", "Release", "-o", publish, "-nodeReuse:false", "-v", "q" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dotnet publish src/Sample failed ({process.ExitCode}): {await output}{await error}");
                }
            }

            File.Copy(Path.Combine(RepositoryFolder.Root, "src", "Sample", "Dockerfile"), Path.Combine(publish, "Dockerfile"), overwrite: true);
            using var docker = DockerConnection.Open();
            var built = await new ImageBuilder(docker, NullLogger.Instance).BuildAsync(
                new ImageBuildRequest(publish, repository) { BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = TestImages.AspNet } },
                cancellationToken);
            return built.Id;
        }
        finally
        {
            try
            {
                Directory.Delete(publish, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }
}
