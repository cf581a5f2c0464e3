using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.Workflows;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Validation;

namespace Pipeline.Components;

/// <summary>
/// <c>Workflows</c>: writes <c>.github/workflows/*.yml</c> from the declared <see cref="WorkflowDefinitions"/> and the
/// target graph; with <c>--verify</c> it changes nothing and fails, printing each diff, when the committed files are stale.
/// </summary>
public interface IWorkflows : IPipelineBuild
{
    /// <summary>
    /// The workflows this build generates; by default the reference pull-request and delivery pipelines with the jobs of
    /// the targets this build has (a build without <c>Integration</c> gets no integration job), the delivery workflow
    /// deploying to the declared environments that have a promotion order (one image job per service when the build
    /// declares services). When the build declares the repository variables of an ECR image
    /// (<see cref="Pipeline.GitHub.Environments.GitHubRepositorySettings.ForEcrImage"/>), the image job pushes to the ECR
    /// repository its variable names.
    /// </summary>
    IReadOnlyList<WorkflowDefinition> WorkflowDefinitions =>
        [.. ReferencePipelines.All(WorkflowEnvironments ?? [], new DeliveryTargets().Within(Graph), DeliveredServices, DeliveryBranchesOfBuild, ImageCredentials)
            .Select(d => PushingToDeclaredEcr(d, this))];

    /// <summary>How the image jobs sign in to the registry, as the build's registry says (<see cref="IRegistry.RegistryJobCredentials"/>); null without one.</summary>
    JobCredentials? ImageCredentials => this is IRegistry registry ? registry.RegistryJobCredentials : null;

    /// <summary>The branches the delivery workflow deploys from (<see cref="IHaveEnvironments.DeliveryBranches"/>); null: <c>main</c>.</summary>
    IReadOnlyList<string>? DeliveryBranchesOfBuild => this is IHaveEnvironments declared ? declared.DeliveryBranches : null;

    /// <summary>The services a build that declares them delivers (<see cref="IHaveServices"/>): one image job each; null otherwise.</summary>
    IReadOnlyList<string>? DeliveredServices => this is IHaveServices declared ? [.. declared.Services.Select(s => s.Name)] : null;

    /// <summary>Set <see cref="WorkflowOptions.Environments"/> to check deploy jobs against another list.</summary>
    WorkflowOptions WorkflowOptions => new();

    /// <summary>The environments the build declares (<see cref="IHaveEnvironments"/>) as the workflows see them; null when it declares none.</summary>
    IReadOnlyList<WorkflowEnvironment>? WorkflowEnvironments =>
        this is IHaveEnvironments declared ? [.. declared.Environments.Select(e => ToWorkflowEnvironment(e, DeliveredServices ?? []))] : null;

    /// <summary>
    /// <paramref name="definition"/> with its single-image job pushing to Amazon ECR, to the repository the
    /// <c>ECR_REPOSITORY</c> variable names, when <paramref name="build"/> declares that variable (GitHubSetup applies it,
    /// the job's OIDC role reaches it); otherwise unchanged.
    /// </summary>
    private static WorkflowDefinition PushingToDeclaredEcr(WorkflowDefinition definition, IPipelineBuild build)
    {
        const string Variable = Pipeline.GitHub.Environments.GitHubRepositorySettings.EcrRepositoryVariable;
        if (build is not IHaveEnvironments declared || !declared.GitHubRepositorySettings.Variables.ContainsKey(Variable))
        {
            return definition;
        }

        return definition with
        {
            Jobs = [.. definition.Jobs.Select(job => job.Id == ReferencePipelines.ImageJob
                ? job with { Parameters = new Dictionary<string, string>(job.Parameters) { ["ecr"] = "true", ["registry"] = Expressions.Variable(Variable) } }
                : job)],
        };
    }

    /// <summary>
    /// What a deploy job needs to know about a declared environment: its order and gate, its URL, whether deploying
    /// there reads the published service, and how it signs in to its cloud (as the platforms of
    /// <paramref name="services"/> say, or the environment's own platform when the build declares no services).
    /// </summary>
    static WorkflowEnvironment ToWorkflowEnvironment(EnvironmentDeclaration environment, IReadOnlyList<string> services)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var credentials = environment.DeployCredentials(services);
        return new(environment.Name)
        {
            Promotion = environment.Promotion,
            DeployOn = environment.DeployOn,
            // The URL the repository holds in the environment's variable, read when the job runs; else the declared one.
            Url = environment.GitHub?.UrlVariable is { } urlVariable ? Expressions.Variable(urlVariable) : environment.EffectiveUrl?.ToString(),
            NeedsApproval = environment.GitHub?.RequiresApproval ?? false,
            NeedsPublishedService = environment.Platform?.Inputs.HasFlag(DeployInputs.PublishedService) ?? false,
            Credentials = credentials,
            // What the credentials read (an AWS role and region) reaches the deploy through their steps, not as plain variables.
            Variables = [.. (environment.GitHub?.Variables.Keys ?? [])
                .Except(credentials?.Variables ?? [], StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)],
        };
    }

    [Parameter("With Workflows: fail when the committed workflow files differ from what the C# declares, changing nothing")]
    bool Verify => Parameters.Get(nameof(Verify), false);

    Target Workflows => _ => _
        .Description("Generate .github/workflows/*.yml from the target graph (--verify: fail when they are stale)")
        .Executes(() =>
        {
            var options = WorkflowOptions;
            var files = new WorkflowFiles(Graph, WorkflowDefinitions, options.Environments is null ? options with { Environments = WorkflowEnvironments } : options);
            var findings = files.Generate().Findings;
            var several = findings.Count(f => f.Severity == FindingSeverity.Error) > 1;
            // Every finding on its line; a single error is the target's failure line (WorkflowValidationException).
            foreach (var finding in findings.Where(f => f.Severity != FindingSeverity.Error || several))
            {
                Output.WriteLine(finding.ToString());
            }

            if (!Verify)
            {
                var changed = files.Write(RootDirectory);
                Output.WriteLine(changed.Count == 0 ? "Workflows are up to date." : "Wrote " + string.Join(", ", changed));
                return;
            }

            var differences = files.Verify(RootDirectory);
            foreach (var difference in differences)
            {
                Output.Write(difference.Diff);
                Output.WriteLine(difference.ToString());
            }

            if (differences.Count > 0)
            {
                throw new StaleWorkflowsException(differences.Count == 1
                    ? differences[0].ToString()
                    : $"{differences.Count} workflow files are out of date ({string.Join(", ", differences.Select(d => d.Path))}); run ./build.sh Workflows and commit them.");
            }

            Output.WriteLine("Workflows are up to date with the C# declaration.");
        });
}
