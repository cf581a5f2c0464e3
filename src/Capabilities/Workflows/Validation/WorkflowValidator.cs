using System.Text.RegularExpressions;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Validation;

/// <summary>
/// Checks a workflow model before it is written: structure (job ids, needs, cycles) and security (pinned actions,
/// untrusted expressions in scripts, <c>pull_request_target</c> with a checkout of the head, undeclared secrets).
/// </summary>
public static partial class WorkflowValidator
{
    private static readonly StringComparer Ids = StringComparer.OrdinalIgnoreCase;

    /// <param name="workflow">The model to check.</param>
    /// <param name="workflowId">How findings name the workflow (its file name without extension).</param>
    /// <param name="declaredSecrets">Secrets the workflow may reference; null skips that check.</param>
    public static IReadOnlyList<WorkflowFinding> Validate(Workflow workflow, string workflowId, IReadOnlyCollection<string>? declaredSecrets = null)
    {
        var findings = new List<WorkflowFinding>();
        void Add(FindingSeverity severity, string? job, string message) => findings.Add(new(severity, workflowId, job, message));

        if (workflow.Jobs.Count == 0)
        {
            Add(FindingSeverity.Error, null, "has no jobs");
        }

        var ids = new HashSet<string>(Ids);
        foreach (var job in workflow.Jobs)
        {
            if (!JobId().IsMatch(job.Id))
            {
                Add(FindingSeverity.Error, job.Id, "the job id is invalid: it must start with a letter or '_' and contain only letters, digits, '-' and '_'");
            }

            if (!ids.Add(job.Id))
            {
                Add(FindingSeverity.Error, job.Id, "the job id is declared twice; job ids must be unique within a workflow");
            }
        }

        foreach (var job in workflow.Jobs)
        {
            CheckJob(workflow, job, ids, declaredSecrets, (severity, message) => Add(severity, job.Id, message));
        }

        if (FindCycle(workflow) is { } cycle)
        {
            Add(FindingSeverity.Error, null, $"jobs need each other in a cycle: {string.Join(" → ", cycle)}; remove one of these needs");
        }

        if (declaredSecrets is not null)
        {
            foreach (var secret in Strings(workflow).SelectMany(Expressions.Secrets).Distinct(StringComparer.Ordinal)
                         .Where(s => s != "GITHUB_TOKEN" && !declaredSecrets.Contains(s)))
            {
                if (!workflow.Jobs.Any(j => JobStrings(j).SelectMany(Expressions.Secrets).Contains(secret)))
                {
                    Add(FindingSeverity.Error, null, $"references secret '{secret}' that is not declared; add it to the definition's Secrets");
                }
            }
        }

        return findings;
    }

    private static void CheckJob(
        Workflow workflow, Job job, HashSet<string> ids, IReadOnlyCollection<string>? declaredSecrets, Action<FindingSeverity, string> add)
    {
        if (job.Uses is not null)
        {
            if (job.Steps.Count > 0 || job.Services.Count > 0 || job.Environment is not null)
            {
                add(FindingSeverity.Error, "calls a reusable workflow, so it cannot have steps, services or an environment; put them in the called workflow");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(job.RunsOn))
            {
                add(FindingSeverity.Error, "has no runs-on; name a runner label such as ubuntu-latest");
            }

            if (job.Steps.Count == 0)
            {
                add(FindingSeverity.Error, "has no steps");
            }
        }

        if (job.Strategy is { Matrix.Count: 0, Include.Count: 0 })
        {
            add(FindingSeverity.Error, "has a matrix without dimensions or include entries; give it at least one");
        }

        if (job.Strategy?.Exclude.SelectMany(leg => leg.Keys).FirstOrDefault(key => !job.Strategy.Matrix.ContainsKey(key)) is { } unknown)
        {
            add(FindingSeverity.Error, $"excludes matrix legs by '{unknown}', which is not a dimension of the matrix");
        }

        foreach (var need in job.Needs)
        {
            if (Ids.Equals(need, job.Id))
            {
                add(FindingSeverity.Error, "needs itself; remove it from its needs");
            }
            else if (!ids.Contains(need))
            {
                add(FindingSeverity.Error, $"needs unknown job '{need}'");
            }
        }

        foreach (var referenced in JobStrings(job).SelectMany(Expressions.NeededJobs).Distinct(Ids).Where(n => !job.Needs.Contains(n, Ids)))
        {
            add(FindingSeverity.Error, $"refers to needs.{referenced} but does not need '{referenced}'; add it to the job's needs");
        }

        if (job.Permissions is null && workflow.Permissions is null)
        {
            add(FindingSeverity.Warning, "has no permissions block, so it gets the repository's default token permissions; state what it needs");
        }

        var permissions = job.Permissions ?? workflow.Permissions;
        // GitHub's own actions (checkout, setup, cache, artifacts) never exchange the token; a cloud's sign-in action does.
        if (permissions?["id-token"] == PermissionLevel.Write && !job.Steps.Any(s => s.Uses is { } uses && !uses.Action.StartsWith("actions/", StringComparison.Ordinal)))
        {
            add(FindingSeverity.Warning, "has id-token: write but no sign-in action uses it; grant it only to jobs that sign in with OIDC");
        }

        foreach (var (step, index) in job.Steps.Select((s, i) => (s, i + 1)))
        {
            var name = step.Name ?? step.Id ?? $"#{index}";
            CheckStep(workflow, step, name, add);
        }

        if (declaredSecrets is not null)
        {
            foreach (var secret in JobStrings(job).SelectMany(Expressions.Secrets).Distinct(StringComparer.Ordinal)
                         .Where(s => s != "GITHUB_TOKEN" && !declaredSecrets.Contains(s)))
            {
                add(FindingSeverity.Error, $"references secret '{secret}' that is not declared; add it to the definition's Secrets");
            }
        }
    }

    private static void CheckStep(Workflow workflow, Step step, string name, Action<FindingSeverity, string> add)
    {
        if ((step.Uses is null) == (step.Run is null))
        {
            add(FindingSeverity.Error, $"step '{name}' must either use an action or run a script");
        }

        if (step.Uses is { IsLocal: false } uses && !FullSha().IsMatch(uses.Commit))
        {
            add(FindingSeverity.Error, $"step '{name}' uses '{uses.Reference}', not pinned to a full commit SHA; pin it (see ActionPins)");
        }

        if (step.Run is not null)
        {
            foreach (var untrusted in Expressions.Find(step.Run).SelectMany(Expressions.Untrusted).Distinct(StringComparer.Ordinal))
            {
                add(FindingSeverity.Error, $"step '{name}' puts '{untrusted}' straight into its script; pass it through the step's env: and use \"$VARIABLE\"");
            }
        }

        if (workflow.On.PullRequestTarget is not null && step.Uses?.Action == "actions/checkout"
            && step.With.TryGetValue("ref", out var checkoutRef) && HeadRef().IsMatch(checkoutRef))
        {
            add(FindingSeverity.Error, $"step '{name}' checks out the pull request's head in a pull_request_target workflow, which runs "
                + "untrusted code with the base repository's secrets; use the pull_request trigger instead");
        }
    }

    private static IEnumerable<string> Strings(Workflow workflow) =>
        workflow.Env.Values.Concat(workflow.Concurrency is null ? [] : [workflow.Concurrency.Group]);

    private static IEnumerable<string> JobStrings(Job job)
    {
        IEnumerable<string?> values =
        [
            job.If, job.RunsOn, job.Environment?.Name, job.Environment?.Url, job.Concurrency?.Group,
            .. job.Outputs.Values, .. job.Env.Values,
            .. job.Uses?.With.Values ?? [], .. job.Uses?.Secrets.Values ?? [],
            .. job.Services.Values.SelectMany(service => (IEnumerable<string?>)[service.Image, service.Options, .. service.Env.Values]),
            .. job.Steps.SelectMany(s => (IEnumerable<string?>)[s.If, s.Run, s.WorkingDirectory, .. s.With.Values, .. s.Env.Values]),
        ];
        return values.OfType<string>();
    }

    private static List<string>? FindCycle(Workflow workflow)
    {
        var byId = workflow.Jobs.GroupBy(j => j.Id, Ids).ToDictionary(g => g.Key, g => g.First(), Ids);
        var state = new Dictionary<string, int>(Ids);
        var path = new List<string>();

        List<string>? Walk(Job job)
        {
            state[job.Id] = 1;
            path.Add(job.Id);
            foreach (var need in job.Needs.Where(byId.ContainsKey))
            {
                if (state.GetValueOrDefault(need) == 1)
                {
                    return [.. path.Skip(path.FindIndex(p => Ids.Equals(p, need))), need];
                }

                if (state.GetValueOrDefault(need) == 0 && Walk(byId[need]) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[job.Id] = 2;
            return null;
        }

        return byId.Values.Select(j => state.GetValueOrDefault(j.Id) == 0 ? Walk(j) : null).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex JobId();

    [GeneratedRegex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex FullSha();

    [GeneratedRegex(@"github\.event\.pull_request\.head|github\.head_ref|refs/pull/", RegexOptions.CultureInvariant)]
    private static partial Regex HeadRef();
}
