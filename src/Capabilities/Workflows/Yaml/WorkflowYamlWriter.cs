using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Yaml;

/// <summary>
/// Writes a <see cref="Workflow"/> as YAML, deterministically: GitHub's conventional key order, maps sorted by key,
/// LF line endings, a trailing newline, and the given header comment lines on top.
/// </summary>
public static class WorkflowYamlWriter
{
    public static string Write(Workflow workflow, IEnumerable<string> header) =>
        YamlEmitter.Emit(ToNode(workflow), header);

    private static YamlMapping ToNode(Workflow workflow) => new YamlMappingBuilder()
        .Add("name", workflow.Name)
        .Add("run-name", workflow.RunName)
        .Add("on", Triggers(workflow.On))
        .Add("permissions", Permissions(workflow.Permissions))
        .Add("concurrency", Concurrency(workflow.Concurrency))
        .Add("env", workflow.Env)
        .Add("jobs", new YamlMapping([.. workflow.Jobs.Select(j => new YamlEntry(j.Id, Job(j)))], BlankLineBetween: true))
        .Build(blankLineBetween: true);

    private static YamlNode Triggers(WorkflowTriggers on)
    {
        var builder = new YamlMappingBuilder()
            .Add("push", on.Push is null ? null : OrEmpty(new YamlMappingBuilder()
                .Add("branches", on.Push.Branches)
                .Add("tags", on.Push.Tags)
                .Add("paths", on.Push.Paths)
                .Add("paths-ignore", on.Push.PathsIgnore)))
            .Add("pull_request", PullRequest(on.PullRequest))
            .Add("pull_request_target", PullRequest(on.PullRequestTarget))
            .Add("workflow_dispatch", on.WorkflowDispatch is null ? null : OrEmpty(new YamlMappingBuilder()
                .Add("inputs", on.WorkflowDispatch.Inputs.Count == 0 ? null : new YamlMapping(
                    [.. on.WorkflowDispatch.Inputs.Select(i => new YamlEntry(i.Name, Input(i)))]))))
            .Add("workflow_call", on.WorkflowCall is null ? null : OrEmpty(new YamlMappingBuilder()
                .Add("inputs", on.WorkflowCall.Inputs.Count == 0 ? null : new YamlMapping(
                    [.. on.WorkflowCall.Inputs.Select(i => new YamlEntry(i.Name, Input(i)))]))
                .Add("secrets", on.WorkflowCall.Secrets.Count == 0 ? null : new YamlMapping(
                    [.. on.WorkflowCall.Secrets.Select(secret => new YamlEntry(secret.Name, new YamlMappingBuilder()
                        .Add("description", secret.Description)
                        .Add("required", secret.Required)
                        .Build()))]))
                .Add("outputs", on.WorkflowCall.Outputs.Count == 0 ? null : new YamlMapping(
                    [.. on.WorkflowCall.Outputs.Select(output => new YamlEntry(output.Name, new YamlMappingBuilder()
                        .Add("description", output.Description)
                        .Add("value", output.Value)
                        .Build()))]))))
            .Add("schedule", on.Schedule.Count == 0 ? null : new YamlSequence(
                [.. on.Schedule.Select(cron => new YamlMappingBuilder().Add("cron", cron).Build())]));
        return builder.Build();
    }

    private static YamlNode? PullRequest(PullRequestTrigger? trigger) => trigger is null ? null : OrEmpty(new YamlMappingBuilder()
        .Add("types", trigger.Types)
        .Add("branches", trigger.Branches)
        .Add("paths", trigger.Paths)
        .Add("paths-ignore", trigger.PathsIgnore));

    private static YamlMapping Input(WorkflowInput input) => new YamlMappingBuilder()
        .Add("description", input.Description)
        .Add("type", input.Type.ToString().ToLowerInvariant())
        .Add("required", input.Required)
        .Add("default", input.Default, input.Type is WorkflowInputType.Boolean or WorkflowInputType.Number ? ScalarKind.Loose : ScalarKind.Text)
        .Add("options", input.Options, flow: false)
        .Build();

    private static YamlNode? Permissions(Permissions? permissions) => permissions is null ? null : new YamlMapping(
        [.. permissions.Scopes.Select(s => new YamlEntry(s.Name, new YamlScalar(s.Level.ToString().ToLowerInvariant())))]);

    private static YamlNode? Concurrency(Concurrency? concurrency) => concurrency is null ? null : new YamlMappingBuilder()
        .Add("group", concurrency.Group)
        .Add("cancel-in-progress", concurrency.CancelInProgress)
        .Build();

    private static YamlMapping Job(Job job) => new YamlMappingBuilder()
        .Add("name", job.Name)
        .Add("runs-on", job.Uses is null ? job.RunsOn : null)
        .Add("needs", job.Needs)
        .Add("if", job.If)
        .Add("environment", job.Environment switch
        {
            null => null,
            { Url: null } environment => new YamlScalar(environment.Name),
            { } environment => new YamlMappingBuilder().Add("name", environment.Name).Add("url", environment.Url).Build(),
        })
        .Add("concurrency", Concurrency(job.Concurrency))
        .Add("permissions", Permissions(job.Permissions))
        .Add("timeout-minutes", job.TimeoutMinutes)
        .Add("outputs", job.Outputs)
        .Add("env", job.Env)
        .Add("strategy", Strategy(job.Strategy))
        .Add("services", job.Services.Count == 0 ? null : new YamlMapping([.. job.Services.Keys.Order(StringComparer.Ordinal)
            .Select(name => new YamlEntry(name, Service(job.Services[name])))]))
        .Add("defaults", job.Shell is null || job.Uses is not null ? null : new YamlMappingBuilder()
            .Add("run", new YamlMappingBuilder().Add("shell", job.Shell).Build()).Build())
        .Add("uses", job.Uses?.Workflow)
        .Add("with", job.Uses?.With ?? Maps.Empty)
        .Add("secrets", job.Uses switch
        {
            null => null,
            { InheritSecrets: true } => new YamlScalar("inherit"),
            { Secrets.Count: 0 } => null,
            { } call => YamlMappingBuilder.Sorted(call.Secrets, ScalarKind.Text),
        })
        .Add("steps", job.Uses is null ? new YamlSequence([.. job.Steps.Select(Step)]) : null)
        .Build();

    private static YamlMapping Service(ServiceContainer service) => new YamlMappingBuilder()
        .Add("image", service.Image)
        .Add("env", service.Env)
        .Add("ports", service.Ports, flow: false)
        .Add("volumes", service.Volumes, flow: false)
        .Add("options", service.Options)
        .Build();

    private static YamlNode? Strategy(JobStrategy? strategy) => strategy is null ? null : new YamlMappingBuilder()
        .Add("fail-fast", strategy.FailFast)
        .Add("max-parallel", strategy.MaxParallel)
        .Add("matrix", new YamlMapping([.. strategy.Matrix.Keys.Order(StringComparer.Ordinal)
            .Select(name => new YamlEntry(name, new YamlSequence([.. strategy.Matrix[name].Select(v => new YamlScalar(v, ScalarKind.Loose))], Flow: true)))
            .Concat(MatrixLegs("include", strategy.Include))
            .Concat(MatrixLegs("exclude", strategy.Exclude))]))
        .Build();

    private static IEnumerable<YamlEntry> MatrixLegs(string key, IReadOnlyList<IReadOnlyDictionary<string, string>> legs) =>
        legs.Count == 0 ? [] : [new(key, new YamlSequence([.. legs.Select(leg => YamlMappingBuilder.Sorted(leg))]))];

    private static YamlMapping Step(Step step) => new YamlMappingBuilder()
        .Add("name", step.Name)
        .Add("id", step.Id)
        .Add("if", step.If)
        .Add("continue-on-error", step.ContinueOnError ? true : null)
        .Add("timeout-minutes", step.TimeoutMinutes)
        .Add("uses", step.Uses is null ? null : new YamlScalar(step.Uses.Reference, ScalarKind.Text, step.Uses.IsLocal ? null : step.Uses.Tag))
        .Add("with", step.With)
        .Add("env", step.Env)
        .Add("shell", step.Shell)
        .Add("working-directory", step.WorkingDirectory)
        .Add("run", step.Run)
        .Build();

    private static YamlNode OrEmpty(YamlMappingBuilder builder) => builder.IsEmpty ? YamlEmpty.Instance : builder.Build();
}
