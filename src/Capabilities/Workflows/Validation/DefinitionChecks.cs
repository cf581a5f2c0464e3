using System.Text.RegularExpressions;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Validation;

/// <summary>
/// Mistakes GitHub would accept silently, found in a definition before it is planned: a deploy job for an environment
/// the build does not declare, an environment taken from an input that is empty on other triggers
/// (<c>environment: ''</c>), a job named as the one compiling the build once, matrix job outputs (one leg's value wins), outputs read from steps that do not exist, and
/// reusable workflows from another repository not pinned to a commit.
/// </summary>
public static partial class DefinitionChecks
{
    public static IReadOnlyList<WorkflowFinding> Check(WorkflowDefinition definition, IReadOnlyList<WorkflowEnvironment>? declared)
    {
        var findings = new List<WorkflowFinding>();
        void Error(string job, string message) => findings.Add(new(FindingSeverity.Error, definition.FileName, job, message));

        foreach (var job in definition.Jobs)
        {
            if (job.Environment is { } environment)
            {
                CheckEnvironmentInputs(definition, environment.Name, message => Error(job.Id, message));
                if (declared is not null && job.IsDeployment)
                {
                    var names = declared.Select(e => e.Name).ToList();
                    foreach (var name in PossibleNames(definition, environment.Name).Where(n => !names.Contains(n, StringComparer.Ordinal)))
                    {
                        Error(job.Id, $"deploys to environment '{name}', which the build does not declare (declared: "
                            + $"{(names.Count == 0 ? "none" : string.Join(", ", names))}); declare it in the build's Environments, or remove the job");
                    }
                }
            }

            if (job.Strategy is not null && (job.Outputs.Count > 0 || job.StepOutputs.Count > 0) && !job.AllowMatrixOutputs)
            {
                var outputs = job.Outputs.Concat(job.StepOutputs.Keys).Order(StringComparer.Ordinal);
                Error(job.Id, $"runs as a matrix and has outputs ({string.Join(", ", outputs)}): each keeps the value of whichever leg "
                    + "finished last; move them to a job without a matrix, or set AllowMatrixOutputs if every leg writes the same value");
            }

            var stepIds = job.SetupSteps.Concat(job.StepsAfterBuild).Select(s => s.Id).OfType<string>().Append(Generation.WorkflowGenerator.BuildStepId).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, output) in job.StepOutputs.Where(o => !stepIds.Contains(o.Value.Step)))
            {
                Error(job.Id, $"output '{name}' reads step '{output.Step}', which the job does not have; give the step Id = \"{output.Step}\"");
            }

            if (definition.CompileBuildOnce && string.Equals(job.Id, Generation.SharedBuildProject.JobId, StringComparison.OrdinalIgnoreCase))
            {
                Error(job.Id, $"has the id of the job that compiles the build project once (CompileBuildOnce); rename the job, or set CompileBuildOnce = false");
            }

            if (job.Calls is { IsLocal: false } call && !PinnedCall().IsMatch(call.Workflow))
            {
                Error(job.Id, $"calls '{call.Workflow}', not pinned to a full commit SHA; write owner/repo/.github/workflows/file.yml@<40-hex sha>");
            }
        }

        return findings;
    }

    private static void CheckEnvironmentInputs(WorkflowDefinition definition, string environment, Action<string> error)
    {
        foreach (var body in Expressions.Find(environment).Where(b => !b.Contains("||", StringComparison.Ordinal)))
        {
            foreach (var input in InputReference().Matches(body).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
            {
                var empty = definition.On.OtherThanDispatch
                    .Where(trigger => trigger != "workflow_call" || !HasValue(definition.On.WorkflowCall!.Inputs, input))
                    .ToList();
                if (definition.On.WorkflowDispatch is { } dispatch && !HasValue(dispatch.Inputs, input))
                {
                    empty.Insert(0, "workflow_dispatch without it");
                }

                if (empty.Count > 0)
                {
                    error($"takes its environment from inputs.{input}, which is empty when the workflow runs on {string.Join(", ", empty)} "
                        + $"(GitHub would use environment: ''); give a default, e.g. \"${{{{ inputs.{input} || 'staging' }}}}\", "
                        + "or make the input required and drop the other triggers");
                }
            }
        }
    }

    private static bool HasValue(IReadOnlyList<WorkflowInput> inputs, string name) =>
        inputs.FirstOrDefault(i => i.Name == name) is { } input && (input.Required || !string.IsNullOrEmpty(input.Default));

    /// <summary>The environment names a job can deploy to: the literal, or a choice input's options and quoted defaults.</summary>
    private static IEnumerable<string> PossibleNames(WorkflowDefinition definition, string environment)
    {
        if (!Expressions.Contains(environment))
        {
            return [environment];
        }

        var inputs = definition.On.WorkflowDispatch?.Inputs ?? [];
        return Expressions.Find(environment)
            .SelectMany(body => InputReference().Matches(body).Select(m => m.Groups[1].Value)
                .SelectMany(name => inputs.FirstOrDefault(i => i.Name == name && i.Type == WorkflowInputType.Choice)?.Options ?? [])
                .Concat(QuotedLiteral().Matches(body).Select(m => m.Groups[1].Value)))
            .Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\binputs\.([A-Za-z_][A-Za-z0-9_-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex InputReference();

    [GeneratedRegex(@"'([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex(@"^[^/@]+/[^/@]+/\.github/workflows/[^@]+\.ya?ml@[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex PinnedCall();
}
