using CliWrap;
using CliWrap.Buffered;
using Pipeline.Testing;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>
/// The rehearsal from the packages: a fresh repository started from the template, Pipeline only from the locally packed
/// feed, a tiny web service beside it (EcsService/), <c>./build.sh LocalEcsUp</c>, then <c>Deploy --environment
/// rehearsal</c>, which publishes the service, builds its image, pushes it to the local registry and deploys it blue/green
/// on the local ECS. The local ECS and the edge it starts for the service's listeners run from the packages' assemblies
/// in build/bin, not from this repository's project outputs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh
[Collection(TemplateCollection.Name)]
public sealed class LocalEcsDeployTests(TemplatePackages packages, ITestOutputHelper log)
{
    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_fresh_repository_on_the_packages_deploys_a_service_to_the_local_ecs()
    {
        using var cancellation = new CancellationTokenSource(TemplatePackages.Limit);
        var ct = cancellation.Token;
        var repository = await packages.NewRepositoryAsync("my-ecs-service", log, ct);
        HelloService.Copy("EcsService/build", Path.Combine(repository, "build"));
        await HelloService.AddAsync(packages, log, repository, ct);

        var build = Path.Combine(repository, "build.sh");
        var (servicePort, ecsPort, registryPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        string[] ports = ["--local-ecs-port", $"{ecsPort}", "--local-registry-port", $"{registryPort}"];
        try
        {
            var up = await TemplateCommand.RunAsync(packages, log, build, ["LocalEcsUp", .. ports], repository, ct);
            Assert.Contains($"Local ECS on http://127.0.0.1:{ecsPort}/", up.StandardOutput, StringComparison.Ordinal);

            // As a user would: the first run wrote .nuke/build.schema.json, which is committed with the service.
            await TemplateCommand.RunAsync(packages, log, "git", ["add", "-A"], repository, ct);
            await TemplateCommand.RunAsync(packages, log, "git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "a service"], repository, ct);

            var deploy = await TemplateCommand.RunAsync(
                packages, log, build, ["Deploy", "--environment", "rehearsal", "--service-port", $"{servicePort}", .. ports], repository, ct);
            Assert.Contains($"is live at http://127.0.0.1:{servicePort}/", deploy.StandardOutput, StringComparison.Ordinal);
            Assert.Matches($@"with 127\.0\.0\.1:{registryPort}/hello@sha256:[0-9a-f]{{64}} in container hello", deploy.StandardOutput);
            // The rehearsal's state (.pipeline/) is ignored by the template's .gitignore: the version is the commit's, not ".dirty".
            var changed = await TemplateCommand.RunAsync(packages, log, "git", ["status", "--porcelain"], repository, ct);
            Assert.Equal("", changed.StandardOutput.Trim());
            Assert.DoesNotContain(".dirty", deploy.StandardOutput, StringComparison.Ordinal);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{servicePort}/"), Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal("hello from a build on the Pipeline packages", await http.GetStringAsync(new Uri("/", UriKind.Relative), ct));

            var status = await TemplateCommand.RunAsync(packages, log, build, ["Status", "--environment", "rehearsal", .. ports], repository, ct);
            Assert.Contains("ECS service hello in hello (us-east-1): ACTIVE, 1/1 tasks running", status.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            // Whatever happened above: no task container, edge, API process or registry is left behind.
            var down = await Cli.Wrap(build).WithArguments(["LocalEcsDown", .. ports]).WithWorkingDirectory(repository)
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(CancellationToken.None);
            log.WriteLine($"$ build.sh LocalEcsDown (exit {down.ExitCode})\n{down.StandardOutput}{down.StandardError}");
        }
    }
}
