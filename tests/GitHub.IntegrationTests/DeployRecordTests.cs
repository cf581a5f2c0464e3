using System.Diagnostics;
using Pipeline.Components;
using Pipeline.Components.Environments;
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

        var deploy = Run("Deploy", "--environment", "staging", "--skip", "--image", $"registry.example/service@{Digest}");
        var rollback = Run("Rollback", "--environment", "staging");
        var status = Run("Status", "--environment", "staging");

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

    private (int Code, string[] Lines) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghp_deployrecord",
            ["GITHUB_REPOSITORY"] = "acme/deploy-record",
            ["GITHUB_API_URL"] = standIn.ProxyUrl.ToString(),
        };
        var code = BuildSession.RunAsync(new Build(), args, [], new BuildOptions { RootDirectory = _root, Environment = environment, Output = output })
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
