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
    /// <summary>The workflows this build generates; by default the reference pull-request and delivery pipelines.</summary>
    IReadOnlyList<WorkflowDefinition> WorkflowDefinitions => ReferencePipelines.All();

    WorkflowOptions WorkflowOptions => new();

    [Parameter("With Workflows: fail when the committed workflow files differ from what the C# declares, changing nothing")]
    bool Verify => Parameters.Get(nameof(Verify), false);

    Target Workflows => _ => _
        .Description("Generate .github/workflows/*.yml from the target graph (--verify: fail when they are stale)")
        .Executes(() =>
        {
            var files = new WorkflowFiles(Graph, WorkflowDefinitions, WorkflowOptions);
            foreach (var warning in files.Generate().Findings.Where(f => f.Severity != FindingSeverity.Error))
            {
                Output.WriteLine(warning.ToString());
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
