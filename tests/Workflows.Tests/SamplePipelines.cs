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
            { FailFast = false },
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
        .Job("publish", ["Publish"], configure: job => job with
        {
            IsDeployment = true,
            Environment = new DeploymentEnvironment("nuget", "https://www.nuget.org/packages/Pipeline"),
            Concurrency = new Concurrency("deploy-nuget"),
            Parameters = new Dictionary<string, string> { ["nuget-api-key"] = Expressions.Secret("NUGET_API_KEY") },
            Permissions = Permissions.ContentsRead.With("deployments", PermissionLevel.Write),
        });

    public static IReadOnlyList<(string Name, WorkflowDefinition Definition)> All() =>
    [
        ("delivery", ReferencePipelines.Delivery()),
        ("pull-request", ReferencePipelines.PullRequest()),
        ("ci", SimpleCi()),
        ("nightly", MatrixWithInputs()),
        ("release", ManualApproval()),
    ];
}
