using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Delivery;
using Pipeline.Testing.Workflows.Runner;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/scheduler-api's generated delivery workflow (.github/workflows/delivery.yml as committed), run job by job with
/// the local runner in clones of the example's own repository on the Pipeline packages packed by this run: its checks,
/// its image built from the offline Debian base and pushed through the ECR stand-in, then the pushed digest deployed to
/// dev, staging and production on the local Lambda — one function per environment, set up as its infrastructure code
/// would (placeholder version, alias, function URL, alarms) — production held until a reviewer approves on the GitHub
/// stand-in. Each alias ends on a version whose description names that digest, and the function answers through its URL.
/// </summary>
[Collection(ExamplePackagesCollection.Name)]
public sealed partial class SchedulerApiDeliveryTests(TemplatePackages packages, ITestOutputHelper log)
{
    private const string Workflow = ".github/workflows/delivery.yml";
    private static readonly string[] Environments = ["dev", "staging", "production"];

    [FactRequiring(Requirement.Docker, Requirement.Moto, Requirement.Registry, Requirement.AwsCli, Requirement.Prism)]
    public async Task The_delivery_workflow_shifts_the_pushed_digest_onto_each_environments_alias_on_the_local_lambda()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var ct = cancellation.Token;
        var repository = await ExampleRepository.CreateAsync(packages, "scheduler-api", log, ct);
        var clock = Stopwatch.StartNew();
        await using var standIns = await DeliveryStandIns.StartAsync();
        await using var lambda = await DeliveryLambda.StartAsync(standIns);
        var functions = (await Task.WhenAll(Environments.Select(e => LambdaFunctionSetup.CreateAsync(lambda, $"scheduler-api-{e}"))))
            .ToDictionary(f => f.Function[("scheduler-api-".Length)..]);
        await using var github = await DeliveryGitHub.StartAsync(Environments, reviewed: "production");
        log.WriteLine($"stand-ins and functions ready in {clock.Elapsed.TotalSeconds:0} s");
        var settings = github.Wire(Settings(standIns, lambda, functions));
        AssertEveryVariableIsSupplied(repository.Directory, settings);

        using var stopApproving = new CancellationTokenSource();
        var approval = github.ApproveWhenWaitingAsync(stopApproving.Token);
        clock.Restart();
        IReadOnlyList<JobOutcome> outcomes;
        using (var runner = new LocalWorkflowRunner(repository.Directory, settings, log.WriteLine))
        {
            outcomes = await runner.RunAsync(Workflow, ct);
        }

        log.WriteLine($"workflow run: {clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ({string.Join(", ", outcomes.Select(o => $"{o.Job} {o.Duration.TotalSeconds:0} s"))})");
        if (!approval.IsCompleted)
        {
            await stopApproving.CancelAsync();
        }

        Assert.Equal(["build-project", "lint", "test", "integration", "image-api", "deploy-dev", "deploy-staging", "deploy-production"], outcomes.Select(o => o.Job));
        Assert.All(outcomes, o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));
        Assert.True(approval.IsCompletedSuccessfully, $"production never waited for review: {approval.Exception?.GetBaseException().Message ?? "cancelled"}");
        var (approveCode, approveOutput) = await approval;
        Assert.True(approveCode == 0, approveOutput);
        Assert.Contains("# pass 7", outcomes.Single(o => o.Job == "test").Log, StringComparison.Ordinal); // node --test ran

        var image = outcomes.Single(o => o.Job == "image-api").Outputs["image"];
        Assert.Matches($"^{Regex.Escape(standIns.Registry.Host)}/scheduler-api@sha256:[0-9a-f]{{64}}$", image);
        var digest = image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var sha = github.State.Runs[DeliveryGitHub.RunId].Sha;

        foreach (var environment in Environments)
        {
            var function = functions[environment];
            var deploy = outcomes.Single(o => o.Job == $"deploy-{environment}").Log;
            Assert.Matches(@"Release \S+ is live in '" + environment + "': api\\.", deploy);
            Assert.Contains(ExpectedShift(environment), deploy, StringComparison.Ordinal);

            // The alias serves one version, all of it, and that version is the pushed digest, published by this commit's deploy.
            var alias = await function.AliasAsync(lambda);
            Assert.Null(alias["RoutingConfig"]?["AdditionalVersionWeights"]?.AsObject().FirstOrDefault());
            var version = alias["FunctionVersion"]!.GetValue<string>();
            Assert.NotEqual("1", version); // the placeholder's
            var published = await function.VersionAsync(lambda, version);
            Assert.Matches($@"^pipeline: \S+ {Regex.Escape(digest)} commit {sha[..12]}", published["Description"]!.GetValue<string>());
            Assert.Equal($"{LambdaFunctionSetup.Alias}", alias["Name"]!.GetValue<string>());

            using var http = new HttpClient { BaseAddress = function.Url, Timeout = TimeSpan.FromSeconds(30) };
            var answer = JsonNode.Parse(await http.GetStringAsync(new Uri("version", UriKind.Relative), ct))!;
            Assert.Equal("scheduler-api", answer["name"]!.GetValue<string>());
            Assert.Matches(@"\S", answer["version"]!.GetValue<string>());
            using var scheduled = await http.PostAsync(
                new Uri("events", UriKind.Relative),
                new StringContent("""{"name":"after the run","webhookUrl":"https://hooks.example/x","runAt":"2099-01-01T00:00:00Z"}"""),
                ct);
            Assert.Equal(System.Net.HttpStatusCode.Created, scheduled.StatusCode);
        }

        // GitHub: production approved by the reviewer; one deployment per environment (GitHub Actions' own, for the job),
        // ended successful at the URL the job reported: the alias's function URL.
        Assert.Equal([("approved", "Ship it", DeliveryGitHub.Reviewer, "production")], github.State.Runs[DeliveryGitHub.RunId].Approvals);
        foreach (var environment in Environments)
        {
            var deployment = Assert.Single(github.State.Deployments, d => d.Environment == environment);
            Assert.Equal(sha, deployment.Sha);
            Assert.Equal(("success", functions[environment].Url.ToString()), (deployment.Statuses[^1].State, deployment.Statuses[^1].EnvironmentUrl));
        }
    }

    /// <summary>The shift the example declares per environment, as the deploy logs its production stage.</summary>
    private static string ExpectedShift(string environment) => environment switch
    {
        "production" => "Canary 10 % for 10s",
        "staging" => "Linear 50 % every 5s",
        _ => "AllAtOnce",
    };

    /// <summary>
    /// What GitHub would hold: the repository's variables for the image job, and per environment the variables the
    /// example gives its GitHub environment, the function URL being where the local Lambda serves the alias. The runner's
    /// machine reaches the stand-ins, builds from the offline Debian base, and restores the packages of this run into the
    /// run's own NuGet cache.
    /// </summary>
    private RunnerSettings Settings(DeliveryStandIns standIns, DeliveryLambda lambda, Dictionary<string, LambdaFunctionSetup> functions)
    {
        var machine = new Dictionary<string, string>(standIns.MachineVariables);
        foreach (var (name, value) in lambda.MachineVariables)
        {
            machine[name] = value;
        }

        machine["DEBIAN_IMAGE"] = Pipeline.Testing.TestImages.Debian;
        machine["NUGET_PACKAGES"] = Path.Combine(packages.Work, "nuget-cache");
        machine["DOTNET_CLI_HOME"] = Path.Combine(packages.Work, "cli-home");
        machine["RestoreAdditionalProjectFallbackFolders"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return new RunnerSettings
        {
            Variables = new Dictionary<string, string>
            {
                ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/scheduler-image",
                ["AWS_REGION"] = DeliveryStandIns.Region,
            },
            EnvironmentVariables = functions.ToDictionary(
                f => f.Key,
                f => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
                {
                    ["AWS_ROLE_ARN"] = $"arn:aws:iam::123456789012:role/scheduler-deploy-{f.Key}",
                    ["AWS_REGION"] = DeliveryStandIns.Region,
                    ["SCHEDULER_API_URL"] = f.Value.Url.ToString(),
                }),
            AwsCredentials = standIns.AwsCredentials,
            MachineVariables = machine,
            StepTimeout = TimeSpan.FromMinutes(10),
        };
    }

    /// <summary>GitHub gives an unset variable as empty: a job would silently fall back to a default. Every one read is supplied.</summary>
    private static void AssertEveryVariableIsSupplied(string repository, RunnerSettings settings)
    {
        var read = VariablePattern().Matches(File.ReadAllText(Path.Combine(repository, Workflow))).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var environment in Environments)
        {
            Assert.Empty(read.Except(settings.Variables.Keys.Concat(settings.EnvironmentVariables[environment].Keys)));
        }
    }

    [GeneratedRegex(@"\bvars\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
