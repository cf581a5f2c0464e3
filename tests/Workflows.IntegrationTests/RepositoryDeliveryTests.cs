using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Pipeline.Workflows.IntegrationTests.RepositoryDelivery;
using Pipeline.Workflows.IntegrationTests.Runner;
using Xunit.Abstractions;

namespace Pipeline.Workflows.IntegrationTests;

/// <summary>
/// This repository's own delivery workflow (.github/workflows/delivery.yml as committed), run job by job with the local
/// runner in fresh clones of HEAD: the check-only jobs show their plan, the image job builds the sample and pushes it
/// through the ECR stand-in, and the deploy jobs run their exact generated command against the local ECS, dev →
/// staging → production, each deploying the digest the image job pushed.
/// </summary>
public sealed partial class RepositoryDeliveryTests(ITestOutputHelper output)
{
    private const string Workflow = ".github/workflows/delivery.yml";
    private static readonly string[] Environments = ["dev", "staging", "production"];
    private static readonly HashSet<string> CheckOnlyJobs = new(["lint", "test", "integration"], StringComparer.Ordinal);

    [FactRequiring(Requirement.Docker, Requirement.Moto, Requirement.Registry, Requirement.AwsCli)]
    public async Task The_delivery_workflow_deploys_the_pushed_digest_to_dev_staging_and_production_on_the_local_ecs()
    {
        var clock = Stopwatch.StartNew();
        await using var standIns = await DeliveryStandIns.StartAsync();
        var services = (await Task.WhenAll(Environments.Select(e => EcsServiceSetup.CreateAsync(standIns, e)))).ToDictionary(s => s.Environment);
        output.WriteLine($"stand-ins and services ready in {clock.Elapsed.TotalSeconds:0} s");
        var artifacts = Directory.CreateTempSubdirectory("delivery-artifacts-");
        var settings = Settings(standIns, services) with { ArtifactStore = artifacts.FullName };
        AssertEveryVariableIsSupplied(settings);

        var outcomes = await RunAsync(settings);
        output.WriteLine($"workflow run took {clock.Elapsed.TotalSeconds:0} s in all");

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
        await AssertInRegistryAsync(standIns, image);
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
        // GitHub's API is not stood in for: the deploys say in one line that their GitHub deployment is not recorded.
        ApiUrl = $"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}/",
        StepTimeout = TimeSpan.FromMinutes(10),
    };

    private async Task<IReadOnlyList<JobOutcome>> RunAsync(RunnerSettings settings, string workflow = Workflow)
    {
        using var runner = new LocalWorkflowRunner(RepositoryFolder.Root, settings, output.WriteLine);
        return await runner.RunAsync(workflow);
    }

    /// <summary>GitHub gives an unset variable as empty: a job would silently fall back to a default. Every one read is supplied.</summary>
    private static void AssertEveryVariableIsSupplied(RunnerSettings settings)
    {
        var read = VariablePattern().Matches(File.ReadAllText(Path.Combine(RepositoryFolder.Root, Workflow))).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var environment in Environments)
        {
            var supplied = settings.Variables.Keys.Concat(settings.EnvironmentVariables[environment].Keys).ToHashSet();
            Assert.Empty(read.Except(supplied));
        }
    }

    private static async Task AssertInRegistryAsync(DeliveryStandIns standIns, string image)
    {
        var digest = image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
        using var http = new HttpClient { BaseAddress = standIns.Registry.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/pipeline-sample/manifests/{digest}");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{standIns.Registry.Username}:{standIns.Registry.Password}")));
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{image} is not in the registry: {(int)response.StatusCode}");
    }

    [GeneratedRegex(@"\bvars\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
