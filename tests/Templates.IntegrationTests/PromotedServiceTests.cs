using System.Diagnostics;
using System.Text.RegularExpressions;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Delivery;
using Pipeline.Testing.Workflows.Runner;
using Xunit.Abstractions;

namespace Pipeline.Templates.IntegrationTests;

/// <summary>
/// A fresh repository from the template, declaring its own pipeline (PromotedService/build/Build.cs: develop → dev,
/// main → staging, production only by promotion, behind a reviewer), readied on the GitHub stand-in by
/// <c>./build.sh GitHubSetup</c> and delivered by its generated workflows, run job by job on the stand-ins (registry and
/// moto for ECR, the local ECS, GitHub behind Prism): a push to main builds the image and deploys staging; a newer
/// commit's run deploys staging, and the older run's staging job finishing late is refused without deploying; the promote
/// workflow takes the first digest to production once a reviewer approves, the rollback workflow puts production back.
/// What the jobs read from GitHub's variables is what GitHubSetup applied there.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh
[Collection(TemplateCollection.Name)]
public sealed class PromotedServiceTests(TemplatePackages packages, ITestOutputHelper log)
{
    private const long NewerRun = 4343;
    private const long PromoteRun = 5151;
    private const long RollbackRun = 6161;
    private const string RealAccount = "210987654321";
    private static readonly string[] Environments = ["dev", "staging", "production"];

    [FactRequiring(Requirement.Docker, Requirement.Moto, Requirement.Registry, Requirement.AwsCli, Requirement.Prism)]
    public async Task A_fresh_repository_is_readied_by_GitHubSetup_and_its_promote_and_rollback_workflows_run_on_the_stand_ins()
    {
        var clock = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource(TemplatePackages.Limit * 2);
        var ct = cancellation.Token;
        var standInsStarting = DeliveryStandIns.StartAsync();
        var githubStarting = DeliveryGitHub.StartAsync([], reviewed: "");
        var repository = await packages.NewRepositoryAsync("my-promoted-service", log, ct);
        HelloService.Copy("PromotedService", repository);
        await HelloService.AddAsync(packages, log, repository, ct);
        await using var standIns = await standInsStarting;
        await using var github = await githubStarting;
        var services = (await Task.WhenAll(Environments.Select(e => EcsServiceSetup.CreateAsync(standIns, e, $"hello-{e}", "hello", new Dictionary<string, string>()))))
            .ToDictionary(s => s.Environment);
        log.WriteLine($"repository and stand-ins ready in {clock.Elapsed.TotalSeconds:0} s");

        var build = Path.Combine(repository, "build.sh");
        var gitHubEnvironment = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghp_repository_admin",
            ["GITHUB_REPOSITORY"] = github.Repository,
            ["GITHUB_API_URL"] = github.StandIn.ProxyUrl.ToString(),
        };

        // As copied: the template's example account and URLs are listed all at once, and --verify fails on them.
        var examples = await TemplateCommand.RunAsync(packages, log, build, ["GitHubSetup", "--verify"], repository, ct, environment: gitHubEnvironment, mustSucceed: false);
        Assert.NotEqual(0, examples.ExitCode);
        Assert.Matches(@"\d+ declared value\(s\) are still the template's examples: ", examples.StandardOutput);
        Assert.Contains("repository variable AWS_ROLE_ARN 'arn:aws:iam::123456789012:role/hello-image' is the example AWS account 123456789012", examples.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("environment 'production': variable HELLO_URL 'https://hello.example.com/' is an example domain (hello.example.com)", examples.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(github.State.Environments);

        // The repository's own values: its account, and the URLs its services answer on (the local ECS listeners here).
        var declaration = Path.Combine(repository, "build", "Build.cs");
        var text = (await File.ReadAllTextAsync(declaration, ct)).Replace(Pipeline.GitHub.Environments.ExampleValues.ExampleAccount, RealAccount, StringComparison.Ordinal);
        foreach (var (environment, service) in services)
        {
            var host = environment == "production" ? "hello.example.com" : $"{environment}.hello.example.com";
            text = text.Replace($"\"https://{host}/\"", $"\"{service.ProductionUrl}\"", StringComparison.Ordinal)
                .Replace($"\"https://test.{host}/\"", $"\"{service.TestUrl}\"", StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(declaration, text, ct);
        await TemplateCommand.RunAsync(packages, log, build, ["GitHubSetup"], repository, ct, environment: gitHubEnvironment);
        var verified = await TemplateCommand.RunAsync(packages, log, build, ["GitHubSetup", "--verify"], repository, ct, environment: gitHubEnvironment);
        Assert.Contains($"GitHub repository {github.Repository} matches the declaration (dev, staging, production, repository variables", verified.StandardOutput, StringComparison.Ordinal);
        Assert.Equal([("User", DeliveryGitHub.Reviewer)], github.State.Environments["production"].Reviewers);
        Assert.Empty(github.State.Environments["staging"].Reviewers);

        var workflows = await TemplateCommand.RunAsync(packages, log, build, ["Workflows"], repository, ct);
        Assert.Contains("Wrote .github/workflows/delivery.yml, .github/workflows/promote.yml, .github/workflows/pull-request.yml, .github/workflows/rollback.yml", workflows.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", workflows.StandardOutput, StringComparison.Ordinal);

        await TemplateCommand.RunAsync(packages, log, "git", ["add", "-A"], repository, ct);
        await TemplateCommand.RunAsync(packages, log, "git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "a promoted service"], repository, ct);
        var sha = (await TemplateCommand.RunAsync(packages, log, "git", ["rev-parse", "HEAD"], repository, ct)).StandardOutput.Trim();

        var artifacts = Directory.CreateTempSubdirectory("promoted-artifacts-");
        try
        {
            // Each run keeps its artifacts, as on GitHub; the promote and rollback runs reuse the first run's compiled build.
            var settings = Settings(github, standIns, Path.Combine(artifacts.FullName, "main"));

            // A push to main: the image job pushes the digest, staging deploys it, dev (develop's) does not run.
            var main = await RunAsync(repository, github.Wire(settings), "delivery", ct);
            Assert.True(Job(main, "deploy-staging").Conclusion == JobConclusion.Success, Job(main, "deploy-staging").Log);
            Assert.Equal(JobConclusion.Skipped, Job(main, "deploy-dev").Conclusion);
            Assert.DoesNotContain(main, o => o.Job == "deploy-production");
            var image = Job(main, "image").Outputs["image"];
            Assert.Matches($"^{Regex.Escape(standIns.Registry.Host)}/hello@sha256:[0-9a-f]{{64}}$", image);
            var digest = image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
            var version = Assert.Single(github.State.Deployments, d => d.Environment == "staging").Statuses
                .Select(s => Regex.Match(s.Description ?? "", $@"^(?<version>\S+) {Regex.Escape(digest)} commit {sha[..12]}: live$"))
                .Single(m => m.Success).Groups["version"].Value;

            // The build project of this commit compiled once, in the delivery run; the promote and rollback runs reuse it.
            var compiled = new[] { Job(main, "build-project") };

            // A newer commit's run deploys staging; then the older run's staging job, finishing late, is refused in one
            // line without deploying: staging keeps the newer build.
            await TemplateCommand.RunAsync(packages, log, "git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "a newer commit"], repository, ct);
            var newer = await RunAsync(repository, github.Wire(settings, NewerRun) with { ArtifactStore = Path.Combine(artifacts.FullName, "newer") }, "delivery", ct);
            Assert.True(Job(newer, "deploy-staging").Conclusion == JobConclusion.Success, Job(newer, "deploy-staging").Log);
            var newerImage = Job(newer, "image").Outputs["image"];
            var stagingDeployments = (await services["staging"].DeploymentsAsync(standIns.EcsCli)).Count;
            var late = await RunAsync(repository, github.Wire(settings) with
            {
                Commit = sha,
                Completed = [.. main.Where(o => o.Job != "deploy-staging")],
            }, "delivery", ct);
            var refused = Job(late, "deploy-staging");
            Assert.Equal((JobConclusion.Failure, "Run Deploy"), (refused.Conclusion, refused.FailedStep));
            Assert.Matches($@"refused: {Regex.Escape(version)} \(commit {sha[..12]}\) is older than what 'staging' runs, \S+ \(commit [0-9a-f]{{12}}\); a deploy never moves an environment back", refused.Log);
            Assert.Equal(stagingDeployments, (await services["staging"].DeploymentsAsync(standIns.EcsCli)).Count);
            Assert.Equal(newerImage, await RunningImageAsync(standIns, services["staging"]));

            // Promote: that digest to production, held until the reviewer approves, no build, recorded under the image's own
            // version and commit.
            var (promote, approveOutput) = await RunReviewedAsync(repository, github, github.Wire(settings, PromoteRun) with
            {
                EventName = "workflow_dispatch",
                Inputs = new Dictionary<string, string> { ["environment"] = "production", ["image"] = image },
                Completed = compiled,
            }, "promote", ct);
            var production = Job(promote, "deploy-production");
            Assert.True(production.Conclusion == JobConclusion.Success, production.Log);
            log.WriteLine(approveOutput);
            Assert.Contains($"Approved production in run {PromoteRun}.", approveOutput, StringComparison.Ordinal);
            Assert.Contains($"  production: promotes the image of commit {sha[..12]} (run on ", approveOutput, StringComparison.Ordinal); // not the newer commit's image
            Assert.Contains($", version {version}, image {digest}, asked by ", approveOutput, StringComparison.Ordinal);
            Assert.Equal([JobConclusion.Skipped, JobConclusion.Skipped], promote.Where(o => o.Job is "deploy-dev" or "deploy-staging").Select(o => o.Conclusion));
            Assert.Contains($"Promoting {version} (commit {sha[..12]}), image {digest}, as GitHub's record gives it.", production.Log, StringComparison.Ordinal);
            Assert.Contains($"is live at {services["production"].ProductionUrl}", production.Log, StringComparison.Ordinal);
            Assert.Equal(image, await RunningImageAsync(standIns, services["production"]));

            var promoted = Assert.Single(github.State.Deployments, d => d.Environment == "production");
            // Actions' deployment is for the commit the promote run was dispatched on; Pipeline's statuses name the image's own.
            Assert.Equal((FakeGitHub.ActionsBot, github.State.Runs[PromoteRun].Sha), (promoted.Creator, promoted.Sha));
            Assert.Contains(promoted.Statuses, s => s.State == "success" && s.Description == $"{version} {digest} commit {sha[..12]}: live");

            // Rollback: through the same gate; production runs what it ran before the promotion again, and GitHub
            // records what was put back.
            var (rollback, _) = await RunReviewedAsync(repository, github, github.Wire(settings, RollbackRun) with
            {
                EventName = "workflow_dispatch",
                Inputs = new Dictionary<string, string> { ["environment"] = "production" },
                Completed = compiled,
            }, "rollback", ct);
            var back = Job(rollback, "rollback-production");
            Assert.True(back.Conclusion == JobConclusion.Success, back.Log);
            Assert.Equal([JobConclusion.Skipped, JobConclusion.Skipped], rollback.Where(o => o.Job is "rollback-dev" or "rollback-staging").Select(o => o.Conclusion));
            Assert.Equal(standIns.PlaceholderImage, await RunningImageAsync(standIns, services["production"]));
            Assert.Equal(2, github.State.Deployments.Count(d => d.Environment == "production"));
            var putBack = github.State.Deployments.Last(d => d.Environment == "production");
            Assert.Contains(putBack.Statuses, s => s.State == "success" && s.Description?.EndsWith("put back by Rollback", StringComparison.Ordinal) == true);
            Assert.Contains("GitHub: statuses go to deployment", back.Log, StringComparison.Ordinal);
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }

        log.WriteLine($"total {clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>
    /// The runner with what GitHub holds after GitHubSetup: the repository's and each environment's variables as the
    /// stand-in has them; every job on this machine's stand-ins, restoring Pipeline from this run's packages.
    /// </summary>
    private RunnerSettings Settings(DeliveryGitHub github, DeliveryStandIns standIns, string artifacts)
    {
        var machine = new Dictionary<string, string>(standIns.MachineVariables);
        foreach (var (name, value) in TemplateCommand.IsolatedEnvironment(packages))
        {
            machine[name] = value;
        }

        lock (github.State)
        {
            return new RunnerSettings
            {
                Variables = new Dictionary<string, string>(github.State.Variables),
                EnvironmentVariables = github.State.Environments.ToDictionary(
                    e => e.Key, e => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(e.Value.Variables), StringComparer.Ordinal),
                AwsCredentials = standIns.AwsCredentials,
                MachineVariables = machine,
                ArtifactStore = artifacts,
                StepTimeout = TimeSpan.FromMinutes(10),
            };
        }
    }

    private async Task<IReadOnlyList<JobOutcome>> RunAsync(string repository, RunnerSettings settings, string workflow, CancellationToken ct)
    {
        using var runner = new LocalWorkflowRunner(repository, settings, log.WriteLine);
        return await runner.RunAsync($".github/workflows/{workflow}.yml", ct);
    }

    /// <summary>
    /// Runs a workflow whose production job waits for review while the reviewer runs <c>Approve</c> against it once it
    /// waits; a failed approval ends the run rather than leaving it waiting. The run's outcomes and what Approve printed.
    /// </summary>
    private async Task<(IReadOnlyList<JobOutcome> Outcomes, string ApproveOutput)> RunReviewedAsync(
        string repository, DeliveryGitHub github, RunnerSettings settings, string workflow, CancellationToken ct)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var approval = github.ApproveWhenWaitingAsync(run.Token, settings.RunId);
        _ = approval.ContinueWith(_ => run.Cancel(), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        var outcomes = await RunAsync(repository, settings, workflow, run.Token);
        Assert.True(approval.IsCompletedSuccessfully, $"{workflow}: production was never held for review");
        var (code, output) = await approval;
        Assert.True(code == 0, output);
        return (outcomes, output);
    }

    private static JobOutcome Job(IReadOnlyList<JobOutcome> outcomes, string id) => outcomes.Single(o => o.Job == id);

    private static async Task<string> RunningImageAsync(DeliveryStandIns standIns, EcsServiceSetup service)
    {
        var described = await service.DescribeAsync(standIns.EcsCli);
        var taskDefinition = await standIns.EcsCli.OkAsync("ecs", "describe-task-definition", "--task-definition", described["taskDefinition"]!.GetValue<string>());
        return taskDefinition["taskDefinition"]!["containerDefinitions"]![0]!["image"]!.GetValue<string>();
    }
}
