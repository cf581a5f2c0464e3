using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Generation;

/// <summary>Turns a <see cref="WorkflowDefinition"/> into a <see cref="Workflow"/> through its <see cref="WorkflowPlan"/>, then validates it.</summary>
public static partial class WorkflowGenerator
{
    /// <summary>The id of the step running <c>./build.sh</c>: job outputs read <c>steps.build.outputs.*</c>.</summary>
    public const string BuildStepId = "build";

    public static GeneratedWorkflow Generate(TargetGraph graph, WorkflowDefinition definition, WorkflowOptions? options = null)
    {
        options ??= new WorkflowOptions();
        var plan = WorkflowPlanner.Plan(graph, definition);
        if (plan.HasErrors)
        {
            return new GeneratedWorkflow(definition, plan, null, plan.Findings);
        }

        var workflow = new Workflow(definition.Name ?? definition.FileName)
        {
            On = definition.On,
            Permissions = definition.Permissions,
            Concurrency = definition.Concurrency,
            Env = definition.Env,
            Jobs = [.. definition.Jobs.Select(job => Job(job, plan[job.Id], options))],
        };
        var findings = plan.Findings.Concat(WorkflowValidator.Validate(workflow, definition.FileName, definition.Secrets)).ToList();
        return new GeneratedWorkflow(definition, plan, workflow, findings);
    }

    private static Job Job(JobDefinition definition, JobPlan plan, WorkflowOptions options)
    {
        var permissions = definition.Permissions ?? Permissions.ContentsRead;
        if (definition.Aws is not null)
        {
            permissions = permissions.With("id-token", PermissionLevel.Write);
        }

        var steps = new List<Step>(DotNetSteps.Setup(options));
        steps.AddRange(plan.Downloads.Select(d => Step.Action($"Download {d.Path}", options.Pins.DownloadArtifact, new Dictionary<string, string>
        {
            ["name"] = d.Name,
            ["path"] = d.DownloadPath,
        })));
        if (definition.Aws is { } aws)
        {
            steps.Add(Step.Action("Configure AWS credentials", options.Pins.ConfigureAwsCredentials, new Dictionary<string, string>
            {
                ["role-to-assume"] = Expressions.Variable(aws.RoleVariable),
                ["aws-region"] = Expressions.Variable(aws.RegionVariable),
            }));
        }

        steps.AddRange(definition.SetupSteps);
        steps.Add(BuildStep(plan, definition, options));
        steps.AddRange(plan.Uploads.Select(u => Step.Action($"Upload {u.Path}", options.Pins.UploadArtifact, new Dictionary<string, string>
        {
            ["name"] = u.Name,
            ["path"] = u.Path,
            ["if-no-files-found"] = "error",
        })));
        if (definition.TestReports)
        {
            var suffix = definition.Strategy is null ? "" : "-${{ strategy.job-index }}";
            steps.Add(Report("Upload test results", $"test-results-{definition.Id}{suffix}", "artifacts/test-results", options));
            steps.Add(Report("Upload coverage", $"coverage-{definition.Id}{suffix}", "artifacts/coverage", options));
        }

        return new Job(definition.Id)
        {
            Name = definition.Name,
            RunsOn = definition.RunsOn,
            Needs = plan.Needs,
            If = definition.If,
            Environment = definition.Environment,
            Concurrency = definition.Concurrency,
            Permissions = permissions,
            TimeoutMinutes = definition.TimeoutMinutes,
            Outputs = definition.Outputs.ToDictionary(o => o, o => $"${{{{ steps.{BuildStepId}.outputs.{o} }}}}", StringComparer.Ordinal),
            Env = definition.Env,
            Strategy = definition.Strategy,
            Shell = "bash",
            Steps = steps,
        };
    }

    private static Step BuildStep(JobPlan plan, JobDefinition definition, WorkflowOptions options)
    {
        var command = new StringBuilder(options.BuildScript);
        foreach (var target in plan.Targets)
        {
            command.Append(' ').Append(target);
        }

        if (plan.Skips.Count > 0)
        {
            command.Append(" --skip");
            foreach (var skipped in plan.Skips)
            {
                command.Append(' ').Append(skipped);
            }
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in definition.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            command.Append(" --").Append(name).Append(' ');
            if (Expressions.Contains(value))
            {
                var variable = name.Replace('-', '_').ToUpperInvariant();
                env[variable] = value;
                command.Append('"').Append('$').Append(variable).Append('"');
            }
            else
            {
                command.Append(ShellQuote(value));
            }
        }

        return new Step
        {
            Name = $"Run {string.Join(", ", plan.Targets)}",
            Id = BuildStepId,
            Run = command.ToString(),
            Env = env,
        };
    }

    private static Step Report(string name, string artifact, string path, WorkflowOptions options) =>
        Step.Action(name, options.Pins.UploadArtifact, new Dictionary<string, string>
        {
            ["name"] = artifact,
            ["path"] = path,
            ["if-no-files-found"] = "ignore",
        }) with
        { If = "always()" };

    private static string ShellQuote(string value) =>
        ShellSafe().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ShellSafe();
}
