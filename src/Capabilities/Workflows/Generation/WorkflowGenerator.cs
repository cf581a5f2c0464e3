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

    /// <summary>The variable a deploy job's build step reads the job's token from.</summary>
    public const string TokenVariable = "GITHUB_TOKEN";

    public static GeneratedWorkflow Generate(TargetGraph graph, WorkflowDefinition definition, WorkflowOptions? options = null)
    {
        options ??= new WorkflowOptions();
        var checks = DefinitionChecks.Check(definition, options.Environments);
        var plan = WorkflowPlanner.Plan(graph, definition);
        if (plan.HasErrors || checks.Count > 0)
        {
            return new GeneratedWorkflow(definition, plan, null, [.. checks, .. plan.Findings]);
        }

        var workflow = new Workflow(definition.Name ?? definition.FileName)
        {
            RunName = definition.RunName,
            On = definition.On,
            Permissions = definition.Permissions,
            Concurrency = definition.Concurrency,
            Env = definition.Env,
            Jobs = definition.CompileBuildOnce
                ? SharedBuildProject.Apply([.. definition.Jobs.Select(job => Job(job, plan[job.Id], options))], options)
                : [.. definition.Jobs.Select(job => Job(job, plan[job.Id], options))],
        };
        var findings = plan.Findings.Concat(WorkflowValidator.Validate(workflow, definition.FileName, definition.Secrets)).ToList();
        return new GeneratedWorkflow(definition, plan, workflow, findings);
    }

    private static Job Job(JobDefinition definition, JobPlan plan, WorkflowOptions options)
    {
        var permissions = definition.Permissions ?? Permissions.ContentsRead;
        if (definition.Calls is { } call)
        {
            return new Job(definition.Id)
            {
                Name = definition.Name,
                Needs = plan.Needs,
                If = definition.If,
                Concurrency = definition.Concurrency,
                Permissions = permissions,
                Strategy = definition.Strategy,
                Uses = call,
                Outputs = StepOutputs(definition),
            };
        }

        foreach (var scope in definition.Credentials?.Permissions ?? [])
        {
            permissions = permissions.With(scope.Name, scope.Level);
        }

        if (definition.IsDeployment)
        {
            permissions = permissions.With("deployments", PermissionLevel.Write);
        }

        var steps = new List<Step>(DotNetSteps.Setup(options, definition.Checkout, restoreCache: definition.Credentials is null));
        steps.AddRange(plan.Downloads.Select(d => Step.Action($"Download {d.Path}", options.Pins.DownloadArtifact, new Dictionary<string, string>
        {
            ["name"] = d.Name,
            ["path"] = d.DownloadPath,
        })));
        steps.AddRange(definition.SetupSteps);
        if (definition.Credentials is { } credentials)
        {
            // Everything that builds runs before the role is assumed: restore, compile and docker build execute code
            // from the repository and its packages, which must never see the credentials.
            steps.AddRange(CredentialedSteps(plan, definition, options, credentials));
        }
        else
        {
            steps.Add(BuildStep(plan.Targets, plan.SkipsAllDependencies ? [] : plan.Skips, plan.SkipsAllDependencies, definition, options));
        }

        if (definition.IsDeployment)
        {
            // The deploy records its GitHub deployment with the job's token; no other step (checkout, restore, the
            // build's compile, the credentials' actions) sees it.
            var index = steps.FindIndex(s => s.Id == BuildStepId);
            steps[index] = steps[index] with
            {
                Env = new Dictionary<string, string>(steps[index].Env, StringComparer.Ordinal) { [TokenVariable] = "${{ github.token }}" },
            };
        }

        steps.AddRange(plan.Uploads.Select(u => Step.Action($"Upload {u.Path}", options.Pins.UploadArtifact, new Dictionary<string, string>
        {
            ["name"] = u.Name,
            ["path"] = u.Path,
            ["if-no-files-found"] = "error",
        })));
        steps.AddRange(definition.StepsAfterBuild);
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
            Outputs = StepOutputs(definition),
            Env = definition.Env,
            Strategy = definition.Strategy,
            Services = definition.Services,
            Shell = "bash",
            Steps = steps,
        };
    }

    private static Dictionary<string, string> StepOutputs(JobDefinition definition)
    {
        var outputs = definition.Outputs.ToDictionary(o => o, o => new StepOutput(BuildStepId, o).Expression, StringComparer.Ordinal);
        foreach (var (name, output) in definition.StepOutputs)
        {
            outputs[name] = output.Expression;
        }

        return outputs;
    }

    /// <summary>
    /// The targets before the job's own run without credentials (or, when there are none, the build project compiles
    /// through <c>--plan</c>); then the role is assumed and only the job's own targets run, every dependency skipped.
    /// </summary>
    private static IEnumerable<Step> CredentialedSteps(JobPlan plan, JobDefinition definition, WorkflowOptions options, JobCredentials credentials)
    {
        var own = new HashSet<string>(plan.Targets, StringComparer.OrdinalIgnoreCase);
        var before = plan.Runs.TakeWhile(t => !own.Contains(t)).ToList();
        var after = plan.Runs.Skip(before.Count).ToList();
        var prepare = before.Count > 0
            ? BuildStep(before, plan.Skips, bareSkip: false, definition, options) with { Id = null, Name = $"Run {string.Join(", ", before)} (no credentials)" }
            : BuildStep(plan.Targets, plan.SkipsAllDependencies ? [] : plan.Skips, plan.SkipsAllDependencies, definition, options, planOnly: true) with
            {
                Id = null,
                Name = "Compile the build (no credentials)",
            };
        yield return prepare;
        foreach (var step in credentials.Steps(options))
        {
            yield return step;
        }
        var skipsAll = after.All(own.Contains);
        IReadOnlyList<string> skips = skipsAll ? [] : [.. plan.Skips.Concat(before)];
        yield return BuildStep(plan.Targets, skips, bareSkip: skipsAll && (before.Count > 0 || plan.Skips.Count > 0), definition, options);
    }

    /// <summary><c>./build.sh targets --skip skips…</c> and the parameters; <paramref name="bareSkip"/> with no
    /// <paramref name="skips"/> writes <c>--skip</c> alone: every dependency of the targets is skipped.</summary>
    private static Step BuildStep(
        IReadOnlyList<string> targets, IReadOnlyList<string> skips, bool bareSkip, JobDefinition definition, WorkflowOptions options, bool planOnly = false)
    {
        var command = new StringBuilder(options.BuildScript);
        foreach (var target in targets)
        {
            command.Append(' ').Append(target);
        }

        if (planOnly)
        {
            command.Append(" --plan");
        }

        if (skips.Count > 0 || bareSkip)
        {
            command.Append(" --skip");
            foreach (var skipped in skips)
            {
                command.Append(' ').Append(skipped);
            }
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in definition.Parameters.Keys.Order(StringComparer.Ordinal))
        {
            var value = definition.Parameters[name];
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
            Name = $"Run {string.Join(", ", targets)}",
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
