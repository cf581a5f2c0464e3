using System.Diagnostics;
using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// Runs a workflow's jobs on this machine the way GitHub would, in dependency order: each job in a fresh
/// <c>git clone</c> of the repository, its <c>run:</c> steps in bash with the variables GitHub sets, <c>$GITHUB_OUTPUT</c>
/// read back into step outputs and the job's outputs into <c>needs.&lt;job&gt;.outputs</c>, artifacts moved from the
/// jobs that upload them to the jobs that download them. Actions run as local stand-ins (<see cref="ActionStandIns"/>).
/// Jobs whose needs have finished run in parallel, as on GitHub; the jobs <see cref="RunnerSettings.PlanJobs"/> names
/// only show their <c>./build.sh</c> plan (<c>--plan</c>). A job's <c>concurrency:</c> group holds it pending as GitHub
/// does (<see cref="ConcurrencyGroups"/>), and a newer job of the group cancels it while it is pending; workflow-level
/// concurrency is not modelled. Matrix jobs, reusable workflow calls and <c>cancel-in-progress: true</c> are refused.
/// </summary>
public sealed partial class LocalWorkflowRunner(string repository, RunnerSettings settings, Action<string>? log = null) : IDisposable
{
    /// <summary>What <c>github.token</c> is on the local runner: obviously not a token.</summary>
    public const string LocalToken = "local-runner-not-a-github-token";

    private readonly string _work = Directory.CreateTempSubdirectory("workflow-run-").FullName;
    private readonly ConcurrencyGroups _concurrency = settings.Concurrency ?? new ConcurrencyGroups();

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public string ArtifactStore => settings.ArtifactStore ?? Path.Combine(_work, "artifacts");

    public async Task<IReadOnlyList<JobOutcome>> RunAsync(string workflowPath, CancellationToken cancellationToken = default)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(await File.ReadAllTextAsync(Path.Combine(repository, workflowPath), cancellationToken)))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var workflowEnv = Map(root, "env");
        var workflowName = Scalar(root, "name") ?? Path.GetFileName(workflowPath);
        var runName = Scalar(root, "run-name");
        var jobs = ((YamlMappingNode)root.Children[new YamlScalarNode("jobs")]).Children
            .Select(j => (Id: ((YamlScalarNode)j.Key).Value!, Node: (YamlMappingNode)j.Value))
            .ToList();
        var outcomes = new Dictionary<string, JobOutcome>(StringComparer.Ordinal);
        var running = new Dictionary<string, Task<JobOutcome>>(StringComparer.Ordinal);
        var sha = settings.Commit ?? (await Git(repository, ["rev-parse", "HEAD"], cancellationToken)).Trim();
        foreach (var completed in settings.Completed.Where(c => jobs.Any(j => j.Id == c.Job)))
        {
            // Kept from an earlier attempt: its job outputs are what this workflow's outputs: makes of its steps' outputs.
            var node = jobs.Single(j => j.Id == completed.Job).Node;
            var evaluator = new ExpressionEvaluator(
                path => path.Split('.') is ["steps", var step, "outputs", var output] ? completed.StepOutputs.GetValueOrDefault(step)?.GetValueOrDefault(output) : null,
                succeeded: true);
            outcomes[completed.Job] = completed with
            {
                Outputs = Map(node, "outputs").ToDictionary(o => o.Key, o => evaluator.Substitute(o.Value), StringComparer.Ordinal),
                Log = "(kept from the earlier attempt)\n",
            };
        }

        while (outcomes.Count < jobs.Count)
        {
            // As on GitHub, every job whose needs have finished starts at once; each sees the outcomes as they were then.
            foreach (var (id, node) in jobs.Where(j => !outcomes.ContainsKey(j.Id) && !running.ContainsKey(j.Id) && Needs(j.Node).All(outcomes.ContainsKey)))
            {
                var finished = new Dictionary<string, JobOutcome>(outcomes, StringComparer.Ordinal);
                running[id] = Task.Run(
                    async () =>
                    {
                        var clock = Stopwatch.StartNew();
                        return await RunJobAsync(id, node, workflowEnv, finished, sha, workflowName, runName, Path.GetFileName(workflowPath), cancellationToken) with { Duration = clock.Elapsed };
                    },
                    cancellationToken);
                if (!settings.Parallel)
                {
                    break;
                }
            }

            if (running.Count == 0)
            {
                throw new InvalidOperationException(
                    $"jobs {string.Join(", ", jobs.Where(j => !outcomes.ContainsKey(j.Id)).Select(j => j.Id))} need jobs that never run");
            }

            var outcome = await await Task.WhenAny(running.Values);
            running.Remove(outcome.Job);
            log?.Invoke($"── {outcome}\n{outcome.Log}");
            outcomes[outcome.Job] = outcome;
        }

        return [.. jobs.Select(j => outcomes[j.Id])];
    }

    private async Task<JobOutcome> RunJobAsync(
        string id, YamlMappingNode job, IReadOnlyDictionary<string, string> workflowEnv, Dictionary<string, JobOutcome> outcomes, string sha,
        string workflowName, string? runName, string workflowFile, CancellationToken cancellationToken)
    {
        if (job.Children.ContainsKey(new YamlScalarNode("strategy")) || job.Children.ContainsKey(new YamlScalarNode("uses")))
        {
            throw new NotSupportedException($"job '{id}': matrix jobs and reusable workflow calls are not run locally");
        }

        var environment = job.Children.TryGetValue(new YamlScalarNode("environment"), out var env)
            ? env is YamlScalarNode environmentName ? environmentName.Value : ((YamlScalarNode)((YamlMappingNode)env).Children[new YamlScalarNode("name")]).Value
            : null;
        var variables = new Dictionary<string, string>(settings.Variables, StringComparer.Ordinal);
        if (environment is not null && settings.EnvironmentVariables.TryGetValue(environment, out var environmentVariables))
        {
            foreach (var (key, value) in environmentVariables)
            {
                variables[key] = value;
            }
        }

        var needsSucceeded = Needs(job).All(n => outcomes[n].Conclusion == JobConclusion.Success);
        var steps = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var jobEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Context(string path)
        {
            var parts = path.Split('.');
            return parts switch
            {
                ["needs", var need, "outputs", var output] => outcomes.GetValueOrDefault(need)?.Outputs.GetValueOrDefault(output),
                ["needs", var need, "result"] => outcomes.GetValueOrDefault(need)?.Conclusion.ToString().ToLowerInvariant(),
                ["steps", var step, "outputs", var output] => steps.GetValueOrDefault(step)?.GetValueOrDefault(output),
                ["vars", var name] => variables.GetValueOrDefault(name),
                ["secrets", var name] => settings.Secrets.GetValueOrDefault(name),
                ["inputs", var name] => settings.Inputs.GetValueOrDefault(name),
                ["env", var name] => jobEnv.GetValueOrDefault(name),
                ["github", "ref"] => settings.Ref,
                ["github", "ref_name"] => settings.Ref.Split('/').Last(),
                ["github", "sha"] => sha,
                ["github", "repository"] => settings.Repository,
                ["github", "event_name"] => settings.EventName,
                ["github", "job"] => id,
                ["github", "token"] => LocalToken,
                ["runner", "os"] => "Linux",
                ["strategy", "job-index"] => "0",
                _ => null,
            };
        }

        var log = new StringBuilder();
        if (settings.LeftOut.Contains(id) || !new ExpressionEvaluator(Context, needsSucceeded).Condition(Scalar(job, "if")))
        {
            return new JobOutcome(id, JobConclusion.Skipped, new Dictionary<string, string>(), log.ToString());
        }

        var environmentJob = environment is null ? null : new EnvironmentJob(id, environment, sha, settings.RunId)
        {
            Workflow = workflowFile,
            RunName = runName is null ? null : new ExpressionEvaluator(Context, succeeded: true).Substitute(runName),
        };
        using var ticket = ConcurrencyGroup(id, job, new ExpressionEvaluator(Context, succeeded: true)) is { } group
            ? _concurrency.Queue(group, $"run {settings.RunId} job {id}")
            : null;
        using (var pending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ticket?.Superseded ?? CancellationToken.None))
        {
            try
            {
                if (environmentJob is not null && settings.EnvironmentJobStarting is { } starting)
                {
                    // As GitHub: Actions' deployment is created when the job is queued, and a protected environment holds it here.
                    await starting(environmentJob, pending.Token);
                }

                if (ticket is not null)
                {
                    await ticket.RunWhenFreeAsync(pending.Token);
                }
            }
            catch (OperationCanceledException) when (ticket is { Superseded.IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                // Pending in its group (for the running job, or for a reviewer), a newer job of the group took its place.
                log.Append(ticket.CancelledMessage).Append('\n');
                if (environmentJob is not null && settings.EnvironmentJobEnded is { } cancelled)
                {
                    await cancelled(environmentJob, JobConclusion.Cancelled, cancellationToken);
                }

                return new JobOutcome(id, JobConclusion.Cancelled, new Dictionary<string, string>(), log.ToString());
            }
        }

        var workspace = Path.Combine(_work, "jobs", id);
        await Git(_work, ["clone", "--quiet", "--no-hardlinks", repository, workspace], cancellationToken);
        if (settings.Commit is { } commit)
        {
            await Git(workspace, ["checkout", "--quiet", commit], cancellationToken);
        }

        var runnerTemp = Directory.CreateDirectory(Path.Combine(_work, "runner-temp", id)).FullName;
        var envFile = Path.Combine(runnerTemp, "github-env");
        await File.WriteAllTextAsync(envFile, "", cancellationToken);
        var baseEnv = settings.InheritedVariables
            .Select(name => (name, value: System.Environment.GetEnvironmentVariable(name)))
            .Where(v => v.value is not null)
            .ToDictionary(v => v.name, v => v.value!, StringComparer.Ordinal);
        foreach (var (key, value) in settings.MachineVariables)
        {
            baseEnv[key] = value;
        }

        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["CI"] = "true",
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = workspace,
            ["GITHUB_REF"] = settings.Ref,
            ["GITHUB_REF_NAME"] = settings.Ref.Split('/').Last(),
            ["GITHUB_SHA"] = sha,
            ["GITHUB_REPOSITORY"] = settings.Repository,
            ["GITHUB_EVENT_NAME"] = settings.EventName,
            ["GITHUB_JOB"] = id,
            ["GITHUB_RUN_ID"] = settings.RunId.ToString(CultureInfo.InvariantCulture),
            ["GITHUB_RUN_NUMBER"] = "1",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_API_URL"] = settings.ApiUrl,
            ["GITHUB_ACTOR"] = settings.Actor,
            ["GITHUB_WORKFLOW"] = workflowName,
            ["GITHUB_ENV"] = envFile,
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(runnerTemp, "step-summary.md"),
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_TEMP"] = runnerTemp,
        })
        {
            baseEnv[key] = value;
        }

        var evaluator = new ExpressionEvaluator(Context, succeeded: true);
        foreach (var (key, value) in workflowEnv.Concat(Map(job, "env")))
        {
            jobEnv[key] = evaluator.Substitute(value);
        }

        string? failedStep = null;
        var index = 0;
        foreach (var step in ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>())
        {
            index++;
            var name = Scalar(step, "name") ?? Scalar(step, "id") ?? $"#{index}";
            var stepEvaluator = new ExpressionEvaluator(Context, succeeded: failedStep is null);
            if (!stepEvaluator.Condition(Scalar(step, "if")))
            {
                log.Append("· skipped: ").Append(name).Append('\n');
                continue;
            }

            var stepEnv = new Dictionary<string, string>(baseEnv, StringComparer.Ordinal);
            foreach (var (key, value) in jobEnv.Concat(Map(step, "env").Select(e => KeyValuePair.Create(e.Key, stepEvaluator.Substitute(e.Value)))))
            {
                stepEnv[key] = value;
            }

            log.Append("▶ ").Append(name).Append('\n');
            var outputFile = Path.Combine(runnerTemp, $"output-{index}");
            await File.WriteAllTextAsync(outputFile, "", cancellationToken);
            stepEnv["GITHUB_OUTPUT"] = outputFile;
            bool ok;
            if (Scalar(step, "uses") is { } uses)
            {
                // Inputs are evaluated when the stand-in reads them: a no-op's inputs (the cache key's hashFiles) never are.
                var raw = Map(step, "with");
                var result = ActionStandIns.Run(uses, input => raw.TryGetValue(input, out var value) ? stepEvaluator.Substitute(value) : null,
                    workspace, ArtifactStore, settings, jobEnv);
                log.Append(result.Log);
                ok = result.Succeeded;
            }
            else
            {
                var script = Scalar(step, "run") ?? throw new NotSupportedException($"job '{id}', step '{name}': neither uses nor run");
                if (settings.PlanJobs.Contains(id))
                {
                    // A check-only job hands nothing downstream: its build command shows its plan, nothing else runs.
                    if (!BuildCommand().IsMatch(script.Trim()))
                    {
                        log.Append("· not run (check-only job): ").Append(name).Append('\n');
                        continue;
                    }

                    script = script.Trim() + " --plan";
                    log.Append("  (check-only job) ").Append(script).Append('\n');
                }

                var directory = Scalar(step, "working-directory") is { } relative ? Path.Combine(workspace, relative) : workspace;
                var (code, output) = await Bash(script, directory, stepEnv, runnerTemp, cancellationToken);
                log.Append(output);
                ok = code == 0;
                if (!ok)
                {
                    log.Append($"Error: Process completed with exit code {code}.\n");
                }
            }

            if (Scalar(step, "id") is { } stepId)
            {
                steps[stepId] = ReadOutputs(await File.ReadAllTextAsync(outputFile, cancellationToken));
            }

            foreach (var (key, value) in ReadOutputs(await File.ReadAllTextAsync(envFile, cancellationToken)))
            {
                jobEnv[key] = value;
            }

            if (!ok && failedStep is null)
            {
                failedStep = name;
            }
        }

        var outputs = Map(job, "outputs").ToDictionary(o => o.Key, o => evaluator.Substitute(o.Value), StringComparer.Ordinal);
        var conclusion = failedStep is null ? JobConclusion.Success : JobConclusion.Failure;
        if (environmentJob is not null && settings.EnvironmentJobEnded is { } ended)
        {
            // As GitHub: Actions posts its own final status of the job's deployment, with the job's environment.url.
            var url = job.Children.TryGetValue(new YamlScalarNode("environment"), out var declared) && declared is YamlMappingNode mapping
                ? evaluator.Substitute(Scalar(mapping, "url") ?? "")
                : "";
            await ended(environmentJob with { Url = url.Length > 0 ? url : null }, conclusion, cancellationToken);
        }

        return new JobOutcome(id, conclusion, outputs, log.ToString())
        {
            FailedStep = failedStep,
            StepOutputs = steps.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, string>)s.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>Parses <c>name=value</c> lines and <c>name&lt;&lt;DELIMITER</c> blocks, as GitHub reads its command files.</summary>
    public static Dictionary<string, string> ReadOutputs(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var delimiter = line[(heredoc + 2)..];
                var value = new List<string>();
                while (++i < lines.Length && lines[i] != delimiter)
                {
                    value.Add(lines[i]);
                }

                result[line[..heredoc]] = string.Join('\n', value);
            }
            else if (equals > 0)
            {
                result[line[..equals]] = line[(equals + 1)..];
            }
        }

        return result;
    }

    private async Task<(int Code, string Output)> Bash(
        string script, string directory, IReadOnlyDictionary<string, string> env, string runnerTemp, CancellationToken cancellationToken)
    {
        var file = Path.Combine(runnerTemp, $"step-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script, cancellationToken);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--noprofile", "--norc", "-eo", "pipefail", file })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) => { lock (lockObject) { if (e.Data is not null) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { lock (lockObject) { if (e.Data is not null) { output.Append(e.Data).Append('\n'); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (124, output + $"step timed out after {settings.StepTimeout}\n");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    private static async Task<string> Git(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {await error}");
    }

    /// <summary>The job's <c>concurrency:</c> group, evaluated; what the runner does not model is refused.</summary>
    private static string? ConcurrencyGroup(string id, YamlMappingNode job, ExpressionEvaluator evaluator)
    {
        if (!job.Children.TryGetValue(new YamlScalarNode("concurrency"), out var concurrency))
        {
            return null;
        }

        if (concurrency is YamlScalarNode single)
        {
            return evaluator.Substitute(single.Value ?? "");
        }

        var mapping = (YamlMappingNode)concurrency;
        if (Scalar(mapping, "cancel-in-progress") is { } cancel && evaluator.Condition(cancel))
        {
            throw new NotSupportedException($"job '{id}': cancel-in-progress is not run locally");
        }

        if (Scalar(mapping, "queue") is { } queue && queue != "single")
        {
            throw new NotSupportedException($"job '{id}': concurrency queue '{queue}' is not run locally");
        }

        return evaluator.Substitute(Scalar(mapping, "group") ?? throw new NotSupportedException($"job '{id}': concurrency without a group"));
    }

    private static IReadOnlyList<string> Needs(YamlMappingNode job) =>
        job.Children.TryGetValue(new YamlScalarNode("needs"), out var needs)
            ? needs is YamlScalarNode single ? [single.Value!] : [.. ((YamlSequenceNode)needs).Children.Cast<YamlScalarNode>().Select(n => n.Value!)]
            : [];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>One <c>./build.sh</c> command line (targets and options), without shell syntax beyond quoted variables.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\./build\.sh( [^\n;&|<>`]*)?$")]
    private static partial System.Text.RegularExpressions.Regex BuildCommand();
}
