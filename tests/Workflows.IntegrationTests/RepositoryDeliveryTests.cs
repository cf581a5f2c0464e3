using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Delivery;
using Pipeline.Testing.Workflows.Runner;
using Xunit.Abstractions;

namespace Pipeline.Workflows.IntegrationTests;

/// <summary>
/// This repository's own delivery workflow (.github/workflows/delivery.yml as committed), run job by job with the local
/// runner in fresh clones of HEAD: the check-only jobs show their plan, the image job builds the sample and pushes it
/// through the ECR stand-in, and the deploy jobs run their exact generated command against the local ECS, dev →
/// staging → production, each deploying the digest the image job pushed. GitHub is live on its stand-in: around each
/// deploy job it does what GitHub Actions does (its own deployment, production held until a reviewer runs Approve, its
/// own final status), and what it records shows the version, digest, commit and run.
/// </summary>
public sealed class RepositoryDeliveryTests(ITestOutputHelper output)
{
    private const string Workflow = ".github/workflows/delivery.yml";
    private static readonly string[] Environments = ["dev", "staging", "production"];
    private static readonly HashSet<string> CheckOnlyJobs = new(["lint", "test", "integration"], StringComparer.Ordinal);

    [FactRequiring(Requirement.Docker, Requirement.Moto, Requirement.Registry, Requirement.AwsCli, Requirement.Prism)]
    public async Task The_delivery_workflow_deploys_the_pushed_digest_to_dev_staging_and_production_on_the_local_ecs()
    {
        var clock = Stopwatch.StartNew();
        await using var standIns = await DeliveryStandIns.StartAsync();
        var services = (await Task.WhenAll(Environments.Select(e => EcsServiceSetup.CreateAsync(standIns, e)))).ToDictionary(s => s.Environment);
        await using var github = await DeliveryGitHub.StartAsync(Environments, reviewed: "production");
        output.WriteLine($"stand-ins and services ready in {clock.Elapsed.TotalSeconds:0} s");
        var artifacts = Directory.CreateTempSubdirectory("delivery-artifacts-");
        var settings = github.Wire(Settings(standIns, services)) with { ArtifactStore = artifacts.FullName };
        AssertEveryVariableIsSupplied(settings);

        using var stopApproving = new CancellationTokenSource();
        var approval = github.ApproveWhenWaitingAsync(stopApproving.Token);
        var outcomes = await RunAsync(settings);
        output.WriteLine($"workflow run took {clock.Elapsed.TotalSeconds:0} s in all");
        if (!approval.IsCompleted)
        {
            await stopApproving.CancelAsync();
        }

        Assert.True(approval.IsCompletedSuccessfully, $"production never waited for review: {approval.Exception?.GetBaseException().Message ?? "cancelled"}");
        var (approveCode, approveOutput) = await approval;

        Assert.Equal(["build-project", "lint", "test", "integration", "image", "deploy-dev", "deploy-staging", "deploy-production"], outcomes.Select(o => o.Job));
        Assert.All(outcomes, o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));

        // The build project compiles once, in its own job; every other job starts the compiled build it downloaded.
        var compiling = outcomes.Where(o => o.Log.Contains("build.sh: compiling the build project", StringComparison.Ordinal)).Select(o => o.Job).ToList();
        output.WriteLine($"build-project compiles in this run: {compiling.Count} ({string.Join(", ", compiling)})");
        Assert.Equal(["build-project"], compiling);
        foreach (var check in outcomes.Where(o => CheckOnlyJobs.Contains(o.Job)))
        {
            Assert.Matches(@"\(check-only job\) \./build\.sh \w+ --plan\n", check.Log);
            Assert.Contains("nothing runs", check.Log, StringComparison.Ordinal);
        }

        // The image job pushed through the ECR API (moto: token, repository) to the registry the token is for.
        var image = outcomes.Single(o => o.Job == "image").Outputs["image"];
        Assert.Matches($"^{Regex.Escape(standIns.Registry.Host)}/pipeline-sample@sha256:[0-9a-f]{{64}}$", image);
        Assert.True(await standIns.RegistryHoldsAsync(image), $"{image} is not in the registry");
        var repository = (await standIns.EcrCli.OkAsync("ecr", "describe-repositories", "--repository-names", "pipeline-sample"))["repositories"]![0]!;
        Assert.Equal("IMMUTABLE", repository["imageTagMutability"]!.GetValue<string>());

        // Each environment runs that digest, deployed by its job, in promotion order, and the sample answers there.
        var finished = new List<DateTimeOffset>();
        foreach (var environment in Environments)
        {
            var service = services[environment];
            var deploy = outcomes.Single(o => o.Job == $"deploy-{environment}");
            Assert.Contains($"is live at {service.ProductionUrl}", deploy.Log, StringComparison.Ordinal);
            Assert.Matches(@"migrations task \S+ exited 0\n", deploy.Log);
            Assert.DoesNotContain("PutMetricAlarm", deploy.Log, StringComparison.Ordinal); // the bake alarms reach CloudWatch: no warning
            var described = await service.DescribeAsync(standIns.EcsCli);
            var taskDefinition = await standIns.EcsCli.OkAsync("ecs", "describe-task-definition", "--task-definition", described["taskDefinition"]!.GetValue<string>());
            Assert.Equal(image, taskDefinition["taskDefinition"]!["containerDefinitions"]![0]!["image"]!.GetValue<string>());
            var deployments = await service.DeploymentsAsync(standIns.EcsCli);
            Assert.Equal(2, deployments.Count); // the placeholder's, then the release
            Assert.Equal("SUCCESSFUL", deployments[0]!["status"]!.GetValue<string>());
            finished.Add(DateTimeOffset.FromUnixTimeMilliseconds((long)(deployments[0]!["finishedAt"]!.GetValue<double>() * 1000)));
            using var http = new HttpClient { BaseAddress = service.ProductionUrl, Timeout = TimeSpan.FromSeconds(10) };
            Assert.Contains("\"version\"", await http.GetStringAsync(new Uri("version", UriKind.Relative)), StringComparison.Ordinal);
        }

        Assert.Equal(finished.Order(), finished);
        await AssertGitHubRecordAsync(github, outcomes, image, approveCode, approveOutput);

        // The same run fails when the image job's slice stops handing the digest on: the deploy jobs run again (the jobs
        // before them kept, as a re-run keeps them) with a workflow whose image job no longer declares its output.
        var broken = Path.Combine(Path.GetTempPath(), $"delivery-without-image-output-{Guid.NewGuid():N}.yml");
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryFolder.Root, Workflow));
        var declaration = "    outputs:\n      image: ${{ steps.build.outputs.image }}\n";
        Assert.Contains(declaration, yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(broken, yaml.Replace(declaration, "", StringComparison.Ordinal));
        try
        {
            var again = await RunAsync(settings with { Completed = [.. outcomes.Where(o => !o.Job.StartsWith("deploy-", StringComparison.Ordinal))] }, broken);

            var dev = again.Single(o => o.Job == "deploy-dev");
            Assert.Equal((JobConclusion.Failure, "Run Deploy"), (dev.Conclusion, dev.FailedStep));
            Assert.Contains("ECS deploys an image by digest, not '': pass --image", dev.Log, StringComparison.Ordinal);
            Assert.Equal([JobConclusion.Skipped, JobConclusion.Skipped], again.Where(o => o.Job is "deploy-staging" or "deploy-production").Select(o => o.Conclusion));
            Assert.Equal(2, (await services["dev"].DeploymentsAsync(standIns.EcsCli)).Count); // no deployment started
        }
        finally
        {
            File.Delete(broken);
            artifacts.Delete(recursive: true);
        }

        output.WriteLine($"total {clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
    }

    /// <summary>
    /// What GitHub would hold: the repository's variables for the image job, and per environment the variables the
    /// declaration gives its GitHub environment (build/Build.cs AwsVariables: role, region, URLs), the URLs overridden with
    /// where the local ECS listens.
    /// </summary>
    private static RunnerSettings Settings(DeliveryStandIns standIns, Dictionary<string, EcsServiceSetup> services) => new()
    {
        Variables = new Dictionary<string, string>
        {
            ["ECR_REPOSITORY"] = "pipeline-sample",
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/pipeline-image",
            ["AWS_REGION"] = DeliveryStandIns.Region,
        },
        EnvironmentVariables = services.Values.ToDictionary(
            s => s.Environment,
            s => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
            {
                ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/pipeline-deploy-{s.Environment}",
                ["AWS_REGION"] = DeliveryStandIns.Region,
                ["SAMPLE_URL"] = s.ProductionUrl.ToString(),
                ["SAMPLE_TEST_URL"] = s.TestUrl.ToString(),
            }),
        AwsCredentials = standIns.AwsCredentials,
        MachineVariables = standIns.MachineVariables,
        PlanJobs = CheckOnlyJobs,
        StepTimeout = TimeSpan.FromMinutes(10),
    };

    /// <summary>
    /// What GitHub holds after the run: one deployment per environment, the one GitHub Actions created for the job (empty
    /// payload), with Pipeline's statuses naming the version, digest and commit before Actions' own final status; the
    /// production job waited until Approve (which showed what it would deploy); Status's reading names it all.
    /// </summary>
    private static async Task AssertGitHubRecordAsync(DeliveryGitHub github, IReadOnlyList<JobOutcome> outcomes, string image, int approveCode, string approveOutput)
    {
        var digest = image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var sha = github.State.Runs[DeliveryGitHub.RunId].Sha;
        Assert.True(approveCode == 0, approveOutput);
        Assert.Matches($@"  production: commit {sha[..12]} \(main\), version \S+, image {Regex.Escape(digest)}, asked by hubot; reviewers octocat\n", approveOutput);
        Assert.DoesNotContain("version unknown", approveOutput, StringComparison.Ordinal);
        Assert.Equal([("approved", "Ship it", DeliveryGitHub.Reviewer, "production")], github.State.Runs[DeliveryGitHub.RunId].Approvals);
        var history = new Pipeline.GitHub.Deployments.GitHubDeploymentHistory(github.StandIn.Api(github.Repository, stateful: true));
        foreach (var environment in Environments)
        {
            var deployment = Assert.Single(github.State.Deployments, d => d.Environment == environment);
            Assert.Equal((FakeGitHub.ActionsBot, sha), (deployment.Creator, deployment.Sha));
            Assert.Empty(deployment.Payload);
            Assert.Equal(["queued", "in_progress", "in_progress", "success", "success"], deployment.Statuses.Select(s => s.State));
            Assert.Matches($@"^\S+ {Regex.Escape(digest)} commit {sha[..12]}: live$", deployment.Statuses[3].Description);
            Assert.Equal("", deployment.Statuses[4].Description); // GitHub Actions' own, after the job
            Assert.Contains($"GitHub: statuses go to deployment {deployment.Id}, the one GitHub Actions created for this job.", outcomes.Single(o => o.Job == $"deploy-{environment}").Log, StringComparison.Ordinal);

            var lines = await history.ReadAsync(environment, 5, CancellationToken.None);
            Assert.Matches(
                $@"^  #{deployment.Id}  \S+ \S+ UTC  \S+  commit {sha[..12]}  success  {Regex.Escape(digest)}  \S+  run {DeliveryGitHub.RunId}  {(environment == "production" ? "approved by octocat" : @"by github-actions\[bot\]")}  "".*: live""$",
                lines[1]);
        }
    }

    private async Task<IReadOnlyList<JobOutcome>> RunAsync(RunnerSettings settings, string workflow = Workflow)
    {
        using var runner = new LocalWorkflowRunner(RepositoryFolder.Root, settings, output.WriteLine);
        return await runner.RunAsync(workflow);
    }

    /// <summary>GitHub gives an unset variable as empty: a job would silently fall back to a default. Every one read is supplied.</summary>
    private static void AssertEveryVariableIsSupplied(RunnerSettings settings)
    {
        foreach (var environment in Environments)
        {
            Assert.Empty(WorkflowVariables.Unsupplied(Path.Combine(RepositoryFolder.Root, Workflow), settings, environment));
        }
    }
}
