using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Tests;

/// <summary>Representative declarations, shared by the snapshot and actionlint tests.</summary>
internal static class SamplePipelines
{
    /// <summary>No repeated targets: Compile runs once in 'build' and its output travels to 'test' as an artifact.</summary>
    public static WorkflowDefinition SimpleCi() => new WorkflowDefinition("ci")
    {
        Name = "CI",
        On = new WorkflowTriggers
        {
            Push = new PushTrigger { Branches = ["main"], PathsIgnore = ["**.md", "docs/**"] },
            PullRequest = new PullRequestTrigger(),
        },
    }
        .Job("build", ["Compile"])
        .Job("test", ["Test"], testReports: true);

    public static WorkflowDefinition MatrixWithInputs() => new WorkflowDefinition("nightly")
    {
        Name = "Nightly",
        On = new WorkflowTriggers
        {
            Schedule = ["0 3 * * 1-5"],
            WorkflowDispatch = new WorkflowDispatchTrigger
            {
                Inputs =
                    [
                        new WorkflowInput("configuration", WorkflowInputType.Choice)
                        {
                            Description = "Build configuration: Debug or Release",
                            Required = true,
                            Default = "Release",
                            Options = ["Debug", "Release"],
                        },
                        new WorkflowInput("verbose", WorkflowInputType.Boolean) { Description = "Verbose logs", Default = "false" },
                        new WorkflowInput("target-environment", WorkflowInputType.Environment) { Description = "Where to run integration" },
                        new WorkflowInput("note") { Description = "Free text: shown in the summary" },
                    ],
            },
        },
        Env = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "true", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        RepeatedTargets = ["Restore", "Compile"],
    }
        .Job("test", ["Test"], testReports: true, configure: job => job with
        {
            Name = "Test (${{ matrix.os }}, ${{ matrix.configuration }})",
            RunsOn = "${{ matrix.os }}",
            Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>>
            {
                ["os"] = ["ubuntu-latest", "windows-latest"],
                ["configuration"] = ["Debug", "Release"],
            })
            {
                FailFast = false,
                Exclude = [new Dictionary<string, string> { ["os"] = "windows-latest", ["configuration"] = "Debug" }],
                Include = [new Dictionary<string, string> { ["os"] = "macos-latest", ["configuration"] = "Release" }],
            },
            Parameters = new Dictionary<string, string>
            {
                ["configuration"] = "${{ matrix.configuration }}",
                ["note"] = Expressions.Input("note"),
                ["verbosity"] = "${{ inputs.verbose && 'detailed' || 'normal' }}",
            },
            TimeoutMinutes = 45,
        });

    /// <summary>Packages pass from 'pack' to 'publish'; the 'nuget' environment's required reviewers approve the publish.</summary>
    public static WorkflowDefinition ManualApproval() => new WorkflowDefinition("release")
    {
        Name = "Release",
        On = new WorkflowTriggers { Push = new PushTrigger { Tags = ["v*"] } },
        Secrets = ["NUGET_API_KEY"],
    }
        .Job("pack", ["Pack"])
        .Job("publish", ["PushPackages"], configure: job => job with
        {
            IsDeployment = true,
            Environment = new JobEnvironment("nuget", "https://www.nuget.org/packages/Pipeline"),
            Concurrency = new Concurrency("deploy-nuget"),
            Parameters = new Dictionary<string, string> { ["nuget-api-key"] = Expressions.Secret("NUGET_API_KEY") },
            Permissions = Permissions.ContentsRead.With("deployments", PermissionLevel.Write),
        });

    /// <summary>Declared environments: three promoted in order (production behind an approval), one local never delivered.</summary>
    public static IReadOnlyList<WorkflowEnvironment> Environments { get; } =
    [
        new("local") { NeedsPublishedService = true, Url = "http://127.0.0.1:5080/" },
        new("dev") { Promotion = 1, Credentials = AwsRole.FromVariables },
        new("staging") { Promotion = 2, Credentials = AwsRole.FromVariables },
        new("production") { Promotion = 3, Credentials = AwsRole.FromVariables, NeedsApproval = true, Url = "https://todo.example.com/" },
    ];

    /// <summary>
    /// Two services from one repository: a test job with service containers, an image job per service and a deploy
    /// per service, each reading its own image job's digest; a step after the deploy and an output read from it.
    /// </summary>
    public static WorkflowDefinition TwoServices()
    {
        var definition = new WorkflowDefinition("services")
        {
            Name = "Two services",
            On = new WorkflowTriggers { Push = new PushTrigger { Branches = ["main"] } },
            RepeatedTargets = ["Restore", "Compile"],
        }
            .Job("publish", ["Publish"])
            .Job("test", ["Test", "Integration"], testReports: true, configure: job => job with
            {
                Services = new Dictionary<string, ServiceContainer>
                {
                    ["postgres"] = new("postgres:17-alpine")
                    {
                        Env = new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "postgres" },
                        Ports = ["5432:5432"],
                        Options = "--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10",
                    },
                    ["redis"] = new("redis:7-alpine") { Ports = ["6379:6379"] },
                },
                Env = new Dictionary<string, string> { ["ConnectionStrings__Default"] = "Host=localhost;Username=postgres;Password=postgres" },
                Checkout = new CheckoutOptions { Submodules = "recursive", Lfs = true },
            });
        foreach (var (service, push) in new[] { ("api", "Push"), ("worker", "PushWorker") })
        {
            definition = definition
                .Job($"image-{service}", [push], needs: ["test"], outputs: ["image"], credentials: AwsRole.FromVariables, configure: job => job with
                {
                    If = ReferencePipelines.MainBranch,
                    ReadsOutputsOf = ["Publish"],
                    Checkout = CheckoutOptions.FullHistory,
                    Parameters = new Dictionary<string, string> { ["service"] = service },
                })
                .Deploy($"deploy-{service}", ["Deploy"], "staging",
                    parameters: new Dictionary<string, string> { ["service"] = service, ["image"] = Expressions.JobOutput($"image-{service}", "image") },
                    credentials: AwsRole.FromVariables,
                    configure: job => job with
                    {
                        Concurrency = new Concurrency($"deploy-staging-{service}"),
                        SkipDependencies = true,
                        Checkout = CheckoutOptions.FullHistory,
                        StepsAfterBuild =
                        [
                            Step.Script("Check the deployed version", "curl -fsS \"$URL/version\" | tee version.json\necho \"version=$(jq -r .version version.json)\" >> \"$GITHUB_OUTPUT\"",
                                new Dictionary<string, string> { ["URL"] = "${{ steps.build.outputs.url }}" }) with { Id = "check" },
                        ],
                        StepOutputs = new Dictionary<string, StepOutput> { ["version"] = new("check", "version") },
                    });
        }

        return definition;
    }

    /// <summary>A manual deploy: the environment is a choice input (required, with a default), the image a required input.</summary>
    public static WorkflowDefinition DispatchWithEnvironmentChoice() => new WorkflowDefinition("deploy")
    {
        Name = "Deploy",
        RepeatedTargets = ["Restore", "Compile"],
        On = new WorkflowTriggers
        {
            WorkflowDispatch = new WorkflowDispatchTrigger
            {
                Inputs =
                [
                    new WorkflowInput("environment", WorkflowInputType.Choice)
                    {
                        Description = "Where to deploy",
                        Required = true,
                        Default = "staging",
                        Options = ["staging", "production"],
                    },
                    new WorkflowInput("image") { Description = "repository@sha256:… to deploy", Required = true },
                ],
            },
        },
    }
        .Job("test", ["Test"])
        .Job("publish", ["Publish"])
        .Deploy("deploy", ["Deploy"], Expressions.Input("environment"),
            parameters: new Dictionary<string, string> { ["image"] = Expressions.Input("image") },
            credentials: AwsRole.FromVariables,
            configure: job => job with { SkipDependencies = true, Checkout = CheckoutOptions.FullHistory });

    /// <summary>A reusable workflow: typed inputs, an optional secret, an output read from a job.</summary>
    public static WorkflowDefinition Reusable() => new WorkflowDefinition("reusable-test")
    {
        Name = "Reusable test",
        On = new WorkflowTriggers
        {
            WorkflowCall = new WorkflowCallTrigger
            {
                Inputs = [new WorkflowInput("configuration") { Description = "Build configuration", Default = "Release" }],
                Secrets = [new WorkflowCallSecret("NUGET_TOKEN") { Description = "Read token for the private feed" }],
                Outputs = [new WorkflowCallOutput("coverage", "${{ jobs.test.outputs.coverage }}") { Description = "Line coverage (percent)" }],
            },
        },
        Secrets = ["NUGET_TOKEN"],
        RepeatedTargets = ["Restore", "Compile"],
    }
        .Job("test", ["Test"], outputs: ["coverage"], testReports: true, configure: job => job with
        {
            Parameters = new Dictionary<string, string> { ["configuration"] = Expressions.Input("configuration") },
            Env = new Dictionary<string, string> { ["NUGET_TOKEN"] = Expressions.Secret("NUGET_TOKEN") },
        });

    /// <summary>Calls <see cref="Reusable"/> and reads its output in a later job.</summary>
    public static WorkflowDefinition Caller() => new WorkflowDefinition("caller")
    {
        Name = "Caller",
        On = new WorkflowTriggers { PullRequest = new PullRequestTrigger() },
    }
        .Call("tests", new WorkflowCall("./.github/workflows/reusable-test.yml")
        {
            With = new Dictionary<string, string> { ["configuration"] = "Debug" },
            InheritSecrets = true,
        })
        .Job("lint", ["Lint"], needs: ["tests"], configure: job => job with
        {
            Env = new Dictionary<string, string> { ["COVERAGE"] = Expressions.JobOutput("tests", "coverage") },
        });

    public static IReadOnlyList<(string Name, WorkflowDefinition Definition)> All() =>
    [
        ("delivery", ReferencePipelines.Delivery(Environments, imageCredentials: AwsRole.FromVariables)),
        ("pull-request", ReferencePipelines.PullRequest()),
        ("ci", SimpleCi()),
        ("nightly", MatrixWithInputs()),
        ("release", ManualApproval()),
        ("services", TwoServices()),
        ("deploy", DispatchWithEnvironmentChoice()),
        ("reusable-test", Reusable()),
        ("caller", Caller()),
        ("branches-delivery", ReferencePipelines.Delivery(PerBranch, imageCredentials: AwsRole.FromVariables) with { FileName = "branches-delivery" }),
        ("promote", ReferencePipelines.Promote(PerBranch)),
        ("rollback", ReferencePipelines.Rollback(PerBranch)),
    ];

    /// <summary>develop → dev and main → staging on push, production only through the promote workflow, behind reviewers.</summary>
    public static IReadOnlyList<WorkflowEnvironment> PerBranch { get; } =
    [
        new("dev") { Promotion = 1, DeployOn = DeployTrigger.OnPush("develop"), Credentials = AwsRole.FromVariables },
        new("staging") { Promotion = 2, Credentials = AwsRole.FromVariables, Url = Expressions.Variable("STAGING_URL") },
        new("production") { Promotion = 3, DeployOn = DeployTrigger.Manual, NeedsApproval = true, Credentials = AwsRole.FromVariables },
    ];
}
