using Pipeline.Images.Building;
using Pipeline.Images.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Images;
using Pipeline.Testing.Requirements;
using static Pipeline.Images.IntegrationTests.Support.Docker;

namespace Pipeline.Images.IntegrationTests;

public sealed class BuildTests
{
    [FactRequiring(Requirement.Docker)]
    public async Task Builds_with_context_args_labels_and_tags_streaming_output()
    {
        var logger = new ListLogger();
        using var docker = DockerConnection.Open();
        var suffix = "build-" + Guid.NewGuid().ToString("N")[..8];

        var image = await BuildHelloAsync(docker, logger, "pipeline-test/hello", suffix);
        try
        {
            Assert.Equal(["pipeline-test/hello:sha-0f1e2d3c4b5a", "pipeline-test/hello:main"], image.Tags.Select(t => t.ToString()));
            var lines = logger.Lines;
            var first = lines.ToList().FindIndex(l => l.StartsWith("Step 1/", StringComparison.Ordinal));
            var run = lines.ToList().FindIndex(l => l == "preparing greeting" || l.Contains("Using cache", StringComparison.Ordinal));
            Assert.True(first >= 0 && run > first, "build output is logged line by line in order:\n" + string.Join('\n', lines));

            var inspected = await InspectAsync(image.Id);
            var labels = inspected.Config!.Labels!;
            Assert.Equal(Sha, labels[OciLabels.Revision]);
            Assert.Equal("2026-11-22T00:00:00Z", labels[OciLabels.Created]);
            Assert.Equal("https://github.com/pipeline-dev/pipeline", labels[OciLabels.Source]);

            var (exitCode, output) = await RunAsync(image.Id);
            Assert.Equal(0, exitCode);
            Assert.Contains("hello from pipeline", output, StringComparison.Ordinal);
            Assert.Contains(suffix, output, StringComparison.Ordinal);
            Assert.Contains("keep.tmp", output, StringComparison.Ordinal); // re-included by "!notes/keep.tmp"
            Assert.DoesNotContain("secret.txt", output, StringComparison.Ordinal);
            Assert.DoesNotContain("scratch.tmp", output, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveAsync(image.Id);
        }
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Target_stage_stops_early()
    {
        using var docker = DockerConnection.Open();
        var image = await new ImageBuilder(docker, new ListLogger()).BuildAsync(
            new ImageBuildRequest(ImageAssets.Hello, "pipeline-test/hello-base")
            {
                BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = TestImages.Debian },
                Target = "base",
                ExtraTags = ["base"],
            },
            CancellationToken.None);

        var inspected = await InspectAsync(image.Id);
        Assert.Contains("pipeline-test/hello-base:base", inspected.RepoTags);
        Assert.DoesNotContain(inspected.Config!.Cmd ?? [], c => c.Contains("suffix", StringComparison.Ordinal));
        await UntagAsync("pipeline-test/hello-base:base");
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Failing_run_step_names_the_step_and_its_output()
    {
        using var context = ImageAssets.TempContext("""
            ARG BASE_IMAGE=debian:bookworm-slim
            FROM ${BASE_IMAGE}
            RUN echo fine
            RUN echo "about to fail" && echo "disk is full" >&2 && exit 3
            RUN echo never
            """);
        var logger = new ListLogger();
        using var docker = DockerConnection.Open();

        var error = await Assert.ThrowsAsync<ImageBuildException>(() => new ImageBuilder(docker, logger).BuildAsync(
            new ImageBuildRequest(context, "pipeline-test/failing") { BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = TestImages.Debian } },
            CancellationToken.None));

        Assert.Equal("Step 4/5 : RUN echo \"about to fail\" && echo \"disk is full\" >&2 && exit 3", error.Step);
        Assert.StartsWith($"Image build failed at Step 4/5 : RUN echo \"about to fail\" && echo \"disk is full\" >&2 && exit 3 ({Path.Combine(context, "Dockerfile")}): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("returned a non-zero code: 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("; last output: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["about to fail", "disk is full"], error.OutputTail.Order(StringComparer.Ordinal)); // stdout and stderr, colours stripped
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("about to fail", logger.Lines); // streamed as it happened, too
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Dockerfile_syntax_error_is_one_line()
    {
        using var context = ImageAssets.TempContext("ARG BASE_IMAGE=debian:bookworm-slim\nFROM ${BASE_IMAGE}\nRUNN echo typo\n");
        using var docker = DockerConnection.Open();

        var error = await Assert.ThrowsAsync<ImageBuildException>(() => new ImageBuilder(docker, new ListLogger()).BuildAsync(
            new ImageBuildRequest(context, "pipeline-test/syntax"), CancellationToken.None));

        Assert.Equal(
            $"Dockerfile {Path.Combine(context, "Dockerfile")} is invalid: dockerfile parse error line 3: unknown instruction: RUNN; fix it and build again.",
            error.Message);
    }
}
