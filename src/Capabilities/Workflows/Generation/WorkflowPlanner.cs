using System.Text.RegularExpressions;
using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Generation;

/// <summary>
/// Slices the target graph into jobs. A job's plan is the engine's plan for its targets; <c>needs</c> is derived from
/// targets of that plan which another job runs as its own, plus explicit needs and <c>needs.X</c> expressions. A target
/// already run by an upstream job is skipped (<c>--skip</c>) unless that upstream job shares one of this job's own
/// targets (deploying to the next environment repeats the whole slice of the deploy target) or it is a
/// <see cref="WorkflowDefinition.RepeatedTargets">repeated target</see>.
/// </summary>
public static partial class WorkflowPlanner
{
    public static WorkflowPlan Plan(TargetGraph graph, WorkflowDefinition definition)
    {
        var context = new PlanContext(graph, definition);
        return context.Run();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    internal static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterNamePattern();

    private sealed class PlanContext(TargetGraph graph, WorkflowDefinition definition)
    {
        private static readonly StringComparer Ids = StringComparer.OrdinalIgnoreCase;
        private readonly List<WorkflowFinding> _findings = [];
        private readonly IReadOnlyList<JobDefinition> _jobs = definition.Jobs;

        public WorkflowPlan Run()
        {
            CheckDeclarations();
            if (HasErrors)
            {
                return new WorkflowPlan([], _findings);
            }

            var plans = _jobs.ToDictionary(j => j.Id, j => j.Targets.Count == 0 ? [] : graph.Plan(j.Targets), Ids);
            var own = _jobs.ToDictionary(j => j.Id, j => new HashSet<string>(j.Targets.Select(t => graph[t].Name), Ids), Ids);
            var owners = graph.Targets.ToDictionary(
                t => t.Name, t => _jobs.Where(j => own[j.Id].Contains(t.Name)).Select(j => j.Id).ToList(), Ids);

            var needs = _jobs.ToDictionary(j => j.Id, j => new HashSet<string>(j.Needs.Concat(ExpressionNeeds(j)), Ids), Ids);
            var ambiguous = new List<(string Job, string Target, List<string> Owners)>();
            foreach (var job in _jobs)
            {
                foreach (var target in plans[job.Id].Where(t => !own[job.Id].Contains(t)))
                {
                    var others = owners[target].Where(o => !Ids.Equals(o, job.Id)).ToList();
                    if (others.Count == 1)
                    {
                        needs[job.Id].Add(others[0]);
                    }
                    else if (others.Count > 1)
                    {
                        ambiguous.Add((job.Id, target, others));
                    }
                }
            }

            if (FindCycle(needs) is { } cycle)
            {
                Error(null, $"jobs need each other in a cycle: {string.Join(" → ", cycle)}; "
                    + "remove an explicit need, or move a target so that no job runs a dependency of a job that needs it");
                return new WorkflowPlan([], _findings);
            }

            var closure = _jobs.ToDictionary(j => j.Id, j => Closure(j.Id, needs), Ids);
            foreach (var (job, target, candidates) in ambiguous.Where(a => !a.Owners.Any(closure[a.Job].Contains)))
            {
                Error(job, $"runs target '{target}', which jobs {string.Join(", ", candidates.Select(c => $"'{c}'"))} run too; "
                    + "add the one it must follow to its needs");
            }

            var repeated = new HashSet<string>(definition.RepeatedTargets.Select(t => graph[t].Name), Ids);
            var runs = new Dictionary<string, IReadOnlyList<string>>(Ids);
            var skips = new Dictionary<string, IReadOnlyList<string>>(Ids);
            foreach (var job in TopologicalOrder(needs))
            {
                var reused = closure[job.Id]
                    .Where(upstream => !own[upstream].Overlaps(own[job.Id]))
                    .SelectMany(upstream => runs[upstream])
                    .ToHashSet(Ids);
                if (job.SkipDependencies)
                {
                    var dependencies = Dependencies(own[job.Id]);
                    skips[job.Id] = [.. plans[job.Id].Where(t => dependencies.Contains(t) && !own[job.Id].Contains(t))];
                    var unproven = job.DependenciesRanInEarlierRun ? [] : skips[job.Id];
                    foreach (var missing in unproven.Where(t => !closure[job.Id].Any(upstream => runs[upstream].Contains(t, Ids))))
                    {
                        Error(job.Id, $"skips target '{missing}', which no job it needs runs; run '{missing}' in an upstream job, "
                            + "or do not skip dependencies in this job");
                    }
                }
                else
                {
                    skips[job.Id] = [.. plans[job.Id].Where(t => reused.Contains(t) && !own[job.Id].Contains(t) && !repeated.Contains(t))];
                }

                skips[job.Id] = RunAgainWhatCannotBeHandedOver(job, skips[job.Id], repeated);
                runs[job.Id] = [.. plans[job.Id].Except(skips[job.Id], Ids)];
            }

            if (HasErrors)
            {
                return new WorkflowPlan([], _findings);
            }

            WarnAboutRepeatedWork(owners, repeated, runs, closure);
            var (downloads, uploads) = Transfers(closure, runs, needs);
            CheckOutputsRead(closure, runs);
            var order = _jobs.Select(j => j.Id).ToList();
            var jobPlans = _jobs.Select(j => new JobPlan(
                    j.Id,
                    [.. j.Targets.Select(t => graph[t].Name)],
                    [.. order.Where(needs[j.Id].Contains)],
                    runs[j.Id],
                    skips[j.Id])
            {
                Downloads = downloads[j.Id],
                Uploads = uploads[j.Id],
                SkipsAllDependencies = j.SkipDependencies && runs[j.Id].All(own[j.Id].Contains),
            })
                .ToList();
            return new WorkflowPlan(jobPlans, _findings);
        }

        private bool HasErrors => _findings.Any(f => f.Severity == FindingSeverity.Error);

        private void Error(string? job, string message) =>
            _findings.Add(new WorkflowFinding(FindingSeverity.Error, definition.FileName, job, message));

        private void Warning(string? job, string message) =>
            _findings.Add(new WorkflowFinding(FindingSeverity.Warning, definition.FileName, job, message));

        private void CheckDeclarations()
        {
            if (_jobs.Count == 0)
            {
                Error(null, "declares no jobs; add one with .Job(id, targets)");
            }

            var seen = new HashSet<string>(Ids);
            foreach (var job in _jobs)
            {
                if (!JobIdPattern().IsMatch(job.Id))
                {
                    Error(job.Id, "the job id is invalid: it must start with a letter or '_' and contain only letters, digits, '-' and '_'");
                }

                if (!seen.Add(job.Id))
                {
                    Error(job.Id, "the job id is declared twice; job ids must be unique within a workflow");
                }
            }

            var ids = _jobs.Select(j => j.Id).ToList();
            foreach (var job in _jobs)
            {
                if (job.Calls is not null && job.Targets.Count > 0)
                {
                    Error(job.Id, "calls a reusable workflow and runs targets; a job does one or the other, so split it in two jobs");
                }
                else if (job.Calls is null && job.Targets.Count == 0)
                {
                    Error(job.Id, "runs no targets; give it at least one target");
                }

                foreach (var target in job.ReadsOutputsOf.Where(t => !graph.Contains(t)))
                {
                    Error(job.Id, $"reads the output of unknown target '{target}'.{Hint(target, graph.Targets.Select(t => t.Name))}");
                }

                foreach (var target in job.Targets.Where(t => !graph.Contains(t)))
                {
                    Error(job.Id, $"runs unknown target '{target}'.{Hint(target, graph.Targets.Select(t => t.Name))}");
                }

                foreach (var need in job.Needs.Concat(ExpressionNeeds(job)).Distinct(Ids))
                {
                    if (Ids.Equals(need, job.Id))
                    {
                        Error(job.Id, "needs itself; remove it from its needs");
                    }
                    else if (!ids.Contains(need, Ids))
                    {
                        Error(job.Id, $"needs unknown job '{need}'.{Hint(need, ids)}");
                    }
                }

                if (job.IsDeployment && job.Environment is null)
                {
                    Error(job.Id, "is a deploy job without an environment; give it one so the environment's protection rules, "
                        + "variables and the deploy concurrency group apply");
                }

                foreach (var name in job.Parameters.Keys.Where(n => !ParameterNamePattern().IsMatch(n)))
                {
                    Error(job.Id, $"parameter '{name}' is not a valid option name (letters, digits and '-', starting with a letter)");
                }
            }

            foreach (var target in definition.RepeatedTargets.Where(t => !graph.Contains(t)))
            {
                Error(null, $"lists unknown target '{target}' as repeated.{Hint(target, graph.Targets.Select(t => t.Name))}");
            }
        }

        // A target whose output this job reads (ReadsOutputsOf) but that no artifact can bring, because it declares no
        // Produces, runs again here when it is a repeated target; otherwise CheckOutputsRead reports it.
        private IReadOnlyList<string> RunAgainWhatCannotBeHandedOver(JobDefinition job, IReadOnlyList<string> skips, HashSet<string> repeated) =>
            [.. skips.Where(t => !(repeated.Contains(t) && graph[t].Produces.Count == 0 && job.ReadsOutputsOf.Any(r => Ids.Equals(graph[r].Name, t))))];

        private void CheckOutputsRead(Dictionary<string, HashSet<string>> closure, Dictionary<string, IReadOnlyList<string>> runs)
        {
            foreach (var job in _jobs)
            {
                foreach (var target in job.ReadsOutputsOf.Select(t => graph[t].Name).Where(t => !runs[job.Id].Contains(t, Ids)))
                {
                    if (!closure[job.Id].Any(upstream => runs[upstream].Contains(target, Ids)))
                    {
                        Error(job.Id, $"reads the output of target '{target}', which neither this job nor a job it needs runs; "
                            + $"run '{target}' in this job or in one it needs");
                    }
                    else if (graph[target].Produces.Count == 0)
                    {
                        Error(job.Id, $"skips target '{target}' but reads its output, and no artifact hands it over: '{target}' declares no Produces; "
                            + $"declare the path it writes with .Produces(…) so it travels as an artifact, or list '{target}' in RepeatedTargets to run it again here");
                    }
                }
            }
        }

        private static IEnumerable<string> ExpressionNeeds(JobDefinition job) =>
            job.Parameters.Values.Concat(job.Env.Values).Concat(job.Calls?.With.Values ?? [])
                .Append(job.If ?? "")
                .Append(job.Environment?.Url ?? "")
                .SelectMany(v => Expressions.NeededJobs(v.Contains("${{", StringComparison.Ordinal) || v.Length == 0 ? v : $"${{{{ {v} }}}}"))
                .Distinct(Ids);

        private static string Hint(string name, IEnumerable<string> candidates) =>
            NameSuggestion.Closest(name, candidates) is { } closest ? $" Did you mean '{closest}'?" : "";

        private List<string>? FindCycle(Dictionary<string, HashSet<string>> needs)
        {
            var state = new Dictionary<string, int>(Ids);
            var path = new List<string>();

            List<string>? Walk(string job)
            {
                state[job] = 1;
                path.Add(job);
                foreach (var next in _jobs.Select(j => j.Id).Where(needs[job].Contains))
                {
                    if (state.GetValueOrDefault(next) == 1)
                    {
                        return [.. path.Skip(path.FindIndex(p => Ids.Equals(p, next))), next];
                    }

                    if (state.GetValueOrDefault(next) == 0 && Walk(next) is { } cycle)
                    {
                        return cycle;
                    }
                }

                path.RemoveAt(path.Count - 1);
                state[job] = 2;
                return null;
            }

            return _jobs.Select(j => state.GetValueOrDefault(j.Id) == 0 ? Walk(j.Id) : null).FirstOrDefault(c => c is not null);
        }

        // The DependsOn closure of the targets; what they trigger is not a dependency and still runs.
        private HashSet<string> Dependencies(IEnumerable<string> targets)
        {
            var result = new HashSet<string>(Ids);
            var pending = new Stack<string>(targets.SelectMany(t => graph[t].DependsOn));
            while (pending.TryPop(out var next))
            {
                if (result.Add(graph[next].Name))
                {
                    foreach (var further in graph[next].DependsOn)
                    {
                        pending.Push(further);
                    }
                }
            }

            return result;
        }

        private static HashSet<string> Closure(string job, Dictionary<string, HashSet<string>> needs)
        {
            var result = new HashSet<string>(Ids);
            var pending = new Stack<string>(needs[job]);
            while (pending.TryPop(out var next))
            {
                if (result.Add(next))
                {
                    foreach (var further in needs[next])
                    {
                        pending.Push(further);
                    }
                }
            }

            return result;
        }

        private List<JobDefinition> TopologicalOrder(Dictionary<string, HashSet<string>> needs)
        {
            var done = new HashSet<string>(Ids);
            var order = new List<JobDefinition>();
            while (order.Count < _jobs.Count)
            {
                var next = _jobs.First(j => !done.Contains(j.Id) && needs[j.Id].All(done.Contains));
                done.Add(next.Id);
                order.Add(next);
            }

            return order;
        }

        private void WarnAboutRepeatedWork(
            Dictionary<string, List<string>> owners,
            HashSet<string> repeated,
            Dictionary<string, IReadOnlyList<string>> runs,
            Dictionary<string, HashSet<string>> closure)
        {
            foreach (var target in graph.Targets.Where(t => owners[t.Name].Count == 0 && !repeated.Contains(t.Name)))
            {
                // Runs in jobs that follow each other are intended (a deploy per environment repeats its slice), and so
                // are runs with other parameters (an image job per service); runs in parallel with the same parameters
                // are duplicated work.
                var jobs = _jobs.Where(j => runs[j.Id].Contains(target.Name, Ids)).ToList();
                var parallel = jobs.Where(a => jobs.Any(b => !Ids.Equals(a.Id, b.Id) && !closure[a.Id].Contains(b.Id) && !closure[b.Id].Contains(a.Id)
                        && SameParameters(a, b)))
                    .Select(j => j.Id)
                    .ToList();
                if (parallel.Count > 1)
                {
                    Warning(null, $"target '{target.Name}' runs in jobs {string.Join(", ", parallel.Select(j => $"'{j}'"))} in parallel because no job owns it; "
                        + "assign it to a job the others need, or list it in RepeatedTargets");
                }
            }
        }

        private static bool SameParameters(JobDefinition a, JobDefinition b) =>
            a.Parameters.Count == b.Parameters.Count
            && a.Parameters.All(p => b.Parameters.TryGetValue(p.Key, out var value) && string.Equals(value, p.Value, StringComparison.Ordinal));

        private (Dictionary<string, IReadOnlyList<ArtifactTransfer>> Downloads, Dictionary<string, IReadOnlyList<ArtifactTransfer>> Uploads) Transfers(
            Dictionary<string, HashSet<string>> closure, Dictionary<string, IReadOnlyList<string>> runs, Dictionary<string, HashSet<string>> needs)
        {
            var downloads = _jobs.ToDictionary(j => j.Id, _ => new List<ArtifactTransfer>(), Ids);
            var uploads = _jobs.ToDictionary(j => j.Id, _ => new List<ArtifactTransfer>(), Ids);
            var order = TopologicalOrder(needs).Select(j => j.Id).ToList();
            foreach (var job in _jobs)
            {
                // What the job's targets declare they consume, and what the job reads of targets it names in ReadsOutputsOf.
                var consumption = runs[job.Id].SelectMany(t => graph[t].Consumes.Select(path => (Reader: $"target '{t}'", Path: Normalize(path))))
                    .Concat(job.ReadsOutputsOf.SelectMany(t => graph[t].Produces.Select(path => (Reader: "the job", Path: Normalize(path)))))
                    .Distinct();
                foreach (var (reader, consumed) in consumption)
                {
                    if (runs[job.Id].Any(t => Produced(t, consumed) is not null))
                    {
                        continue;
                    }

                    var producers = order
                        .SelectMany(j => runs[j].Select(t => (Job: j, Target: t, Path: Produced(t, consumed))))
                        .Where(p => p.Path is not null && !Ids.Equals(p.Job, job.Id))
                        .ToList();
                    var upstream = producers.LastOrDefault(p => closure[job.Id].Contains(p.Job));
                    if (upstream.Path is null)
                    {
                        if (producers.Count > 0)
                        {
                            Error(job.Id, $"{reader} consumes '{consumed}', which target '{producers[0].Target}' produces in job "
                                + $"'{producers[0].Job}'; add '{producers[0].Job}' to this job's needs");
                        }

                        continue;
                    }

                    var transfer = new ArtifactTransfer($"{upstream.Job}-{Slug(upstream.Path)}", upstream.Path, upstream.Job, upstream.Target);
                    if (_jobs.Single(j => Ids.Equals(j.Id, upstream.Job)).Strategy is not null && !uploads[upstream.Job].Contains(transfer))
                    {
                        Error(upstream.Job, $"runs as a matrix, so every leg would upload artifact '{transfer.Name}' ('{upstream.Path}' of target "
                            + $"'{upstream.Target}') that job '{job.Id}' downloads — a conflict since upload-artifact v4; run '{upstream.Target}' "
                            + "in a job without a matrix");
                    }

                    AddOnce(downloads[job.Id], transfer);
                    AddOnce(uploads[upstream.Job], transfer);
                }
            }

            return (
                downloads.ToDictionary(d => d.Key, d => (IReadOnlyList<ArtifactTransfer>)[.. d.Value], Ids),
                uploads.ToDictionary(u => u.Key, u => (IReadOnlyList<ArtifactTransfer>)[.. u.Value.OrderBy(t => t.Name, StringComparer.Ordinal)], Ids));
        }

        private string? Produced(string target, string consumed) =>
            graph[target].Produces.Select(Normalize)
                .FirstOrDefault(p => p == consumed || consumed.StartsWith(p + "/", StringComparison.Ordinal));

        private static string Normalize(string path)
        {
            var normalized = path.Replace('\\', '/').TrimEnd('/');
            return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized[2..] : normalized;
        }

        private static string Slug(string path) =>
            string.Concat(path.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')).Trim('-', '.');

        private static void AddOnce(List<ArtifactTransfer> list, ArtifactTransfer transfer)
        {
            if (!list.Contains(transfer))
            {
                list.Add(transfer);
            }
        }
    }
}
