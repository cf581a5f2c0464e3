using System.Diagnostics;
using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Paths;
using Pipeline.GitHub.Environments;
using Pipeline.GitHub.IntegrationTests.Scripted;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary>Deploy and Rollback as a user runs them, with GitHub's record on the fake behind <c>prism proxy --errors</c>.</summary>
[Collection(GitHubStandInCollection.Name)]
public sealed class DeployRecordTests(GitHubStandIn standIn) : IDisposable
{
    private const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
    private const string PutBackSha = "0123456789abcdef0123456789abcdef01234567";
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-github-deploy-").FullName;

    private sealed class Build : PipelineBuild, IDeploy, IGitHub
    {
        AbsolutePath IPublish.PublishProject => RootDirectory / "service.csproj";

        string IImage.ImageRepository => "service";

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("staging", new ScriptedPlatformSettings(
                new InvalidOperationException("the ECS endpoint refused the connection"),
                new Release("1.3.0", "task-definition:7", PutBackSha, Digest)))
            {
                Promotion = 1,
                GitHub = new GitHubEnvironmentSettings(),
            },
        ];
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [FactRequiring(Requirement.Prism)]
    public void A_deploy_that_throws_ends_its_deployment_error_and_a_rollback_records_what_it_put_back()
    {
        var head = InitRepository();

        var deploy = Run(new Build(), "Deploy", "--environment", "staging", "--skip", "--image", $"registry.example/service@{Digest}");
        var rollback = Run(new Build(), "Rollback", "--environment", "staging");
        var status = Run(new Build(), "Status", "--environment", "staging");

        Assert.NotEqual(0, deploy.Code);
        Assert.Equal(0, rollback.Code);
        var deployments = standIn.Fake.Repository("acme/deploy-record").Deployments;
        Assert.Equal(2, deployments.Count);
        Assert.Equal(head, deployments[0].Sha);
        Assert.Equal(["in_progress", "error"], deployments[0].Statuses.Select(s => s.State));
        Assert.EndsWith("did not finish: the ECS endpoint refused the connection", deployments[0].Statuses[^1].Description, StringComparison.Ordinal);
        Assert.Equal((PutBackSha, "1.3.0", Digest), (deployments[1].Sha, deployments[1].Payload["version"], deployments[1].Payload["digest"]));
        Assert.Equal("success", Assert.Single(deployments[1].Statuses).State);
        Assert.Equal("https://staging.example.com/", deployments[1].Statuses[0].EnvironmentUrl);
        Assert.Contains(status.Lines, l => l.Contains($"  1.3.0  commit 0123456789ab  success  {Digest}  https://staging.example.com/", StringComparison.Ordinal)
            && l.EndsWith(": put back by Rollback\"", StringComparison.Ordinal));
        Assert.Contains(status.Lines, l => l.Contains($"  commit {head[..12]}  error  ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A build of services records one deployment per release, named by its first image's digest (the status has room
    /// for one), and a promote of the same images finds the release's version and commit by it.
    /// </summary>
    [FactRequiring(Requirement.Prism)]
    public void A_release_of_services_is_recorded_once_under_its_first_image_and_promoted_by_it()
    {
        var head = InitRepository();
        var images = $"api=registry.example/api@{Digest},web=registry.example/web@sha256:{new string('b', 64)}";

        var deploy = Run(new ServicesBuild(), "Deploy", "--environment", "staging", "--image", images);
        var promote = Run(new ServicesBuild(), "Deploy", "--environment", "staging", "--image", images, "--promote", "true");

        Assert.True(deploy.Code == 0, string.Join('\n', deploy.Lines));
        Assert.True(promote.Code == 0, string.Join('\n', promote.Lines));
        var deployments = standIn.Fake.Repository(ServicesRepository).Deployments;
        Assert.Equal(2, deployments.Count);
        Assert.All(deployments, d => Assert.Equal(head, d.Sha));
        Assert.Equal(["in_progress", "success"], deployments[0].Statuses.Select(s => s.State));
        Assert.Matches($@"^\S+ {Digest} commit {head[..12]}: live$", deployments[0].Statuses[^1].Description);
        var version = deployments[0].Statuses[^1].Description!.Split(' ')[0];
        Assert.Contains($"Promoting {version} (commit {head[..12]}), image {Digest}, as GitHub's record gives it.", promote.Lines);
        Assert.Equal(["in_progress", "success"], deployments[1].Statuses.Select(s => s.State));
    }

    private sealed class ServicesBuild : PipelineBuild, IDeliverServices, IGitHub
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services => [new("api"), new("web") { DeploysAfter = ["api"] }];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            EnvironmentDeclaration.PerService("staging", _ => new ScriptedPlatformSettings(null, new Release("1.3.0", "image"))) with
            {
                Promotion = 1,
                GitHub = new GitHubEnvironmentSettings(),
            },
        ];
    }

    private const string ServicesRepository = "acme/services-record";

    private (int Code, string[] Lines) Run(PipelineBuild build, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghp_deployrecord",
            ["GITHUB_REPOSITORY"] = build is ServicesBuild ? ServicesRepository : "acme/deploy-record",
            ["GITHUB_API_URL"] = standIn.ProxyUrl.ToString(),
        };
        var code = BuildSession.RunAsync(build, args, [], new BuildOptions { RootDirectory = _root, Environment = environment, Output = output })
            .GetAwaiter().GetResult();
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string InitRepository()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        File.WriteAllText(Path.Combine(_root, ".gitignore"), ".nuke/\nartifacts/\n");
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "service");
        return Git("rev-parse", "HEAD").Trim();
    }

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }
}
