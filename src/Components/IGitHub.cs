using Microsoft.Extensions.Logging;
using Pipeline.Components.Environments;
using Pipeline.Components.GitHub;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.GitHub;
using Pipeline.GitHub.Api;
using Pipeline.GitHub.Approvals;
using Pipeline.GitHub.Deployments;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows;

namespace Pipeline.Components;

/// <summary>
/// <c>GitHubSetup</c> (formerly <c>GitHubEnvironments</c>), <c>Approve</c>, <c>Reject</c>: the repository's GitHub side as
/// code (environments with their required reviewers, wait timer, branch policy, variables, secrets; the repository
/// variables the workflows read), approvals from the command line, and the deployments and
/// statuses every deploy to a GitHub-backed environment leaves.
/// </summary>
public interface IGitHub : IHaveEnvironments
{
    [Parameter("GitHub token (default: GITHUB_TOKEN); environments need repository admin, deployments need deployments: write", Name = "GithubToken", EnvironmentVariables = ["GITHUB_TOKEN"]), Secret]
    string? GitHubToken => Parameters.Get<string>("GithubToken");

    [Parameter("GitHub repository owner/name (default: GITHUB_REPOSITORY, else the origin remote)", Name = "GithubRepository", EnvironmentVariables = ["GITHUB_REPOSITORY"])]
    string? GitHubRepositoryName => Parameters.Get<string>("GithubRepository");

    [Parameter("GitHub REST API URL (default: GITHUB_API_URL, else https://api.github.com)", Name = "GithubApiUrl", EnvironmentVariables = ["GITHUB_API_URL"])]
    Uri GitHubApiUrl => Parameters.Get<Uri>("GithubApiUrl") ?? new Uri("https://api.github.com");

    [Parameter("With GitHubSetup: show what would change on GitHub, changing nothing")]
    bool DryRun => Parameters.Get(nameof(DryRun), false);

    // The same parameter as Workflows --verify: check against the declaration, change nothing, fail on a difference.
    [Parameter("With Workflows or GitHubSetup: fail when what is committed or on GitHub differs from the C# declaration, changing nothing")]
    bool Verify => Parameters.Get(nameof(Verify), false);

    [Parameter("With Approve/Reject: the workflow run whose pending deployments to review (default: the newest waiting run of the workflows that deploy behind a reviewer)")]
    long? RunId => Parameters.Get<long?>(nameof(RunId));

    [Parameter("With Approve/Reject: the review comment")]
    string? Comment => Parameters.Get<string>(nameof(Comment));

    /// <summary>The delivery workflow's file, which <c>Approve</c> and <c>Reject</c> search when the build generates no workflow that deploys.</summary>
    string DeliveryWorkflowFile => $"{ReferencePipelines.DeliveryWorkflow}.yml";

    /// <summary>
    /// The workflow files whose waiting runs <c>Approve</c> and <c>Reject</c> search without <c>--run-id</c>: those this
    /// build generates (<see cref="IWorkflows.WorkflowDefinitions"/>) with a deploy job to an environment behind required
    /// reviewers (every one with a deploy job when no environment declares reviewers); for a build that generates none,
    /// <see cref="DeliveryWorkflowFile"/> and the reference promote and rollback workflows.
    /// </summary>
    IReadOnlyList<string> ReviewedWorkflowFiles
    {
        get
        {
            var reviewed = Environments.Where(e => e.GitHub?.RequiresApproval == true).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            var generated = this is IWorkflows workflows ? ReviewedWorkflows.Files(workflows.WorkflowDefinitions, reviewed) : [];
            return generated.Count > 0
                ? generated
                : [DeliveryWorkflowFile, $"{ReferencePipelines.PromoteWorkflow}.yml", $"{ReferencePipelines.RollbackWorkflow}.yml"];
        }
    }

    Target GitHubSetup => _ => _
        .Description("Ready the GitHub repository for the generated workflows: environments (reviewers, wait timer, branch policy, variables, secrets) and repository variables (--verify: fail on drift or example values; --dry-run: show the plan)")
        .Executes(SetUpGitHubAsync);

    /// <summary>The former name of <see cref="GitHubSetup"/>, kept working.</summary>
    Target GitHubEnvironments => _ => _
        .Description("Same as GitHubSetup (its former name)")
        .Executes(SetUpGitHubAsync);

    /// <summary>
    /// Applies (or with <c>--verify</c> checks, with <c>--dry-run</c> shows) everything the generated workflows read on
    /// GitHub. Values still the template's examples are listed all at once and stop apply and verify; a repository whose
    /// visibility cannot hold a declared gate is said so, with what the gate becomes.
    /// </summary>
    async Task SetUpGitHubAsync(CancellationToken ct)
    {
        var declared = DeclaredGitHubEnvironments();
        var repositoryVariables = GitHubRepositorySettings.Variables;
        if (declared.Count == 0 && repositoryVariables.Count == 0)
        {
            Output.WriteLine("No environment declares GitHub settings (EnvironmentDeclaration.GitHub) and no repository variable is declared; nothing to do.");
            return;
        }

        // The values apply encrypts never reach the output; masking them too means no code path can leak them.
        foreach (var source in declared.SelectMany(d => d.Settings.Secrets.Values))
        {
            Secrets.Add(source.Read());
        }

        var api = await OpenGitHubAsync(ct);
        var environments = new GitHubEnvironments(api, LoggerFactory.CreateLogger("GitHub"));
        var plan = await environments.PlanAsync(declared, ct);

        // A variable the repository owns is judged by the value GitHub holds, when it holds one: the declared one is a default.
        var effective = plan.Environments.Select(c => c.Declared with
        {
            Settings = c.Declared.Settings with
            {
                Variables = c.Declared.Settings.Variables.ToDictionary(
                    v => v.Key,
                    v => c.Declared.Settings.Owns(v.Key) && c.GitHub.Variables.TryGetValue(v.Key, out var held) ? held : v.Value,
                    StringComparer.OrdinalIgnoreCase),
            },
        });
        var examples = new List<string>(ExampleValues.Find(effective, repositoryVariables));
        examples.AddRange(Environments
            .Where(e => e.GitHub is { UrlVariable: null } && ExampleValues.Why(e.EffectiveUrl?.AbsoluteUri) is not null)
            .Select(e => $"environment '{e.Name}': URL {e.EffectiveUrl} is {ExampleValues.Why(e.EffectiveUrl!.AbsoluteUri)}"));
        var variables = new GitHubRepositoryVariables(api);
        var variableChanges = await variables.PlanAsync(repositoryVariables, ct);
        var visibility = await api.VisibilityAsync(ct);
        var gateNotes = declared.Select(d => ProtectionAvailability.Note(visibility, d)).OfType<string>().ToList();
        var names = string.Join(", ", declared.Select(d => d.Name).Append(repositoryVariables.Count > 0 ? "repository variables" : null).OfType<string>());
        var exampleLine = $"{examples.Count} declared value(s) are still the template's examples: {string.Join("; ", examples)}; replace them with this repository's own in the build's declaration";
        if (Verify)
        {
            foreach (var line in plan.Differences.Select(d => d.ToString()).Concat(plan.Problems).Concat(variableChanges.Select(c => c.ToString())).Concat(examples).Concat(gateNotes))
            {
                Output.WriteLine(line);
            }

            var drift = plan.Differences.Count + plan.Problems.Count + variableChanges.Count;
            if (examples.Count > 0)
            {
                throw new GitHubException(drift == 0 ? exampleLine : $"{exampleLine}; and {drift} difference(s) with GitHub ({api.Repository}) listed above");
            }

            if (drift > 0)
            {
                throw new GitHubException(drift == 1 && plan.Differences.Count == 1
                    ? $"{plan.Differences[0]}; run ./build.sh GitHubSetup to apply the declaration"
                    : $"{drift} differences between the declaration and GitHub ({api.Repository}); run ./build.sh GitHubSetup to apply the declaration");
            }

            Output.WriteLine($"GitHub repository {api.Repository} matches the declaration ({names}; secrets checked by presence).");
            return;
        }

        var lines = plan.ToLines().Concat(variableChanges.Select(c => c.ToString())).ToList();
        if (DryRun)
        {
            foreach (var line in lines.Concat(examples).Concat(gateNotes))
            {
                Output.WriteLine(line);
            }

            Output.WriteLine(lines.Count == 0
                ? $"Dry run: GitHub repository {api.Repository} already matches the declaration ({names})."
                : $"Dry run: {lines.Count} change(s) to {api.Repository}; nothing changed.");
            return;
        }

        if (examples.Count > 0)
        {
            foreach (var line in examples)
            {
                Output.WriteLine(line);
            }

            throw new GitHubException($"{exampleLine}; nothing was changed on GitHub");
        }

        foreach (var note in gateNotes)
        {
            Output.WriteLine(note);
        }

        IReadOnlyList<string> done;
        try
        {
            done = [.. await environments.ApplyAsync(plan, ct), .. await variables.ApplyAsync(variableChanges, ct)];
        }
        catch (GitHubException e) when (ProtectionAvailability.IsPlanRefusal(e))
        {
            var note = declared.Select(d => ProtectionAvailability.Note(visibility ?? "private", d)).OfType<string>().FirstOrDefault();
            throw new GitHubException($"{e.Message}: {note ?? "the repository's plan cannot hold the declared protection rules"}", e);
        }

        foreach (var line in done)
        {
            Output.WriteLine(line);
        }

        Output.WriteLine(done.Count == 0
            ? $"GitHub repository {api.Repository} already matches the declaration ({names})."
            : $"Applied {done.Count} change(s) to {api.Repository} ({names}).");
    }

    Target Approve => _ => _
        .Description("Approve the deployments waiting for review in a workflow run (--run-id, default the newest run waiting in a workflow that deploys; --comment)")
        .Executes(ct => ReviewAsync(ReviewDecision.Approved, ct));

    Target Reject => _ => _
        .Description("Reject the deployments waiting for review in a workflow run (--run-id, default the newest run waiting in a workflow that deploys; --comment)")
        .Executes(ct => ReviewAsync(ReviewDecision.Rejected, ct));

    /// <summary>
    /// The declared environments that carry GitHub settings, validated. An environment of the promotion order (or a
    /// manual one) without an explicit branch policy accepts deployments from the branches its trigger deploys on, and
    /// from the delivery branches (<see cref="IHaveEnvironments.DeliveryBranches"/>), where the promote and rollback
    /// workflows are dispatched.
    /// </summary>
    IReadOnlyList<GitHubEnvironmentSpec> DeclaredGitHubEnvironments()
    {
        var result = new List<GitHubEnvironmentSpec>();
        foreach (var environment in Environments.Where(e => e.GitHub is not null))
        {
            var checkedEnvironment = FindEnvironment(environment.Name);
            var settings = checkedEnvironment.GitHub!;
            if (settings.BranchPolicy is null && (checkedEnvironment.Promotion is not null || checkedEnvironment.DeployOn is { IsManual: true })
                && DeploymentBranches(checkedEnvironment) is { Count: > 0 } branches)
            {
                settings = settings with { BranchPolicy = DeploymentBranchPolicy.Branches([.. branches]) };
            }

            result.Add(new GitHubEnvironmentSpec(checkedEnvironment.Name, settings));
        }

        return result;
    }

    /// <summary>The GitHub API for the repository; fails with one line saying how to give a token or a repository.</summary>
    async Task<GitHubApi> OpenGitHubAsync(CancellationToken cancellationToken)
    {
        if (GitHubToken is not { Length: > 0 } token)
        {
            throw new GitHubException("no GitHub token: set GITHUB_TOKEN or pass --github-token (environments need a token with repository admin rights)");
        }

        var repository = GitHubRepository.TryParse(GitHubRepositoryName)
            ?? (GitHubRepositoryName is null ? GitHubRepository.TryParse(await OriginRemoteAsync(cancellationToken)) : null)
            ?? throw new GitHubException(GitHubRepositoryName is null
                ? "no GitHub repository: pass --github-repository owner/name (or set GITHUB_REPOSITORY); the origin remote names none"
                : $"--github-repository '{GitHubRepositoryName}' is not owner/name");
        return new GitHubApi(new GitHubOptions(token, repository) { ApiUrl = GitHubApiUrl }, LoggerFactory.CreateLogger("GitHub"));
    }

    /// <summary>
    /// Starts recording a deploy of <paramref name="environment"/> on GitHub: adds statuses to the deployment GitHub
    /// Actions created for this job when there is one, else creates one with the version and digest in its payload.
    /// Without a token it says once that the deployment is not recorded; environments without GitHub settings are not recorded.
    /// </summary>
    async Task<IGitHubDeploymentRecorder> StartGitHubDeploymentAsync(EnvironmentDeclaration environment, string sha, string version, string? digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.GitHub is null)
        {
            return new NotRecordedDeployment();
        }

        if (GitHubToken is not { Length: > 0 })
        {
            Output.WriteLine($"GitHub: the deployment to '{environment.Name}' is not recorded on GitHub (no token: set GITHUB_TOKEN or pass --github-token).");
            return new NotRecordedDeployment();
        }

        try
        {
            var api = await OpenGitHubAsync(cancellationToken);
            var last = Environments.Max(e => e.Promotion);
            var request = new DeploymentRequest(environment.Name, sha, version, digest) { Production = environment.Promotion is not null && environment.Promotion == last };
            var deployment = await new GitHubDeployments(api).StartAsync(request, ActionsRun.FromEnvironment(System.Environment.GetEnvironmentVariable), cancellationToken);
            Output.WriteLine(deployment.Adopted
                ? $"GitHub: statuses go to deployment {deployment.Id}, the one GitHub Actions created for this job."
                : $"GitHub: deployment {deployment.Id} of {version} to '{environment.Name}' created in {api.Repository}.");
            return new GitHubDeploymentRecorder(deployment, Output);
        }
        catch (GitHubException e)
        {
            Output.WriteLine($"GitHub: the deployment to '{environment.Name}' is not recorded on GitHub: {e.Message}");
            return new NotRecordedDeployment();
        }
    }

    /// <summary>
    /// The version and commit GitHub's record gives image <paramref name="digest"/> (the deployments a delivery run made
    /// of it); null when no deployment of the repository names it. Throws a one-line <see cref="GitHubException"/>
    /// without a token or when GitHub cannot be read.
    /// </summary>
    async Task<DeployedRelease?> RecordedReleaseAsync(string digest, CancellationToken cancellationToken)
    {
        var api = await OpenGitHubAsync(cancellationToken);
        return await new GitHubDeploymentHistory(api).FindReleaseAsync(digest, cancellationToken);
    }

    /// <summary>GitHub's side of an environment for <c>Status</c>: last deployments, statuses, approvers; one line when it cannot be read.</summary>
    async Task<IReadOnlyList<string>> GitHubStatusLinesAsync(EnvironmentDeclaration environment, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.GitHub is null)
        {
            return [];
        }

        if (GitHubToken is not { Length: > 0 })
        {
            return [$"GitHub: deployments of '{environment.Name}' not shown (no token: set GITHUB_TOKEN or pass --github-token)."];
        }

        try
        {
            return await new GitHubDeploymentHistory(await OpenGitHubAsync(cancellationToken)).ReadAsync(environment.Name, count, cancellationToken);
        }
        catch (GitHubException e)
        {
            return [$"GitHub: deployments of '{environment.Name}' not shown: {e.Message}"];
        }
    }

    private async Task ReviewAsync(ReviewDecision decision, CancellationToken cancellationToken)
    {
        var approvals = new GitHubApprovals(await OpenGitHubAsync(cancellationToken));
        WorkflowRun run;
        if (RunId is { } id)
        {
            run = await approvals.GetRunAsync(id, cancellationToken);
        }
        else
        {
            var waiting = await approvals.FindWaitingRunsAsync(ReviewedWorkflowFiles, cancellationToken);
            run = waiting.Newest ?? throw new GitHubException(waiting.NothingWaiting);
            foreach (var line in waiting.Choice())
            {
                Output.WriteLine(line);
            }
        }

        var pending = await approvals.ListPendingAsync(run, cancellationToken);
        if (pending.Count == 0)
        {
            throw new GitHubException($"run {run.Id} has no deployment waiting for review{(run.Url is { } url ? $" ({url})" : "")}");
        }

        Output.WriteLine($"Run {run.Id}{(run.Title is { } title ? $" \"{title}\"" : "")} waits for review:");
        foreach (var deployment in pending)
        {
            Output.WriteLine("  " + deployment);
        }

        var reviewable = pending.Where(p => p.CurrentUserCanApprove).ToList();
        if (reviewable.Count == 0)
        {
            throw new GitHubException($"the token's user is not a required reviewer of {string.Join(", ", pending.Select(p => p.Environment))} in run {run.Id}: use a reviewer's token");
        }

        var verb = decision == ReviewDecision.Approved ? "Approved" : "Rejected";
        await approvals.ReviewAsync(run, reviewable, decision, Comment ?? $"{verb} with ./build.sh {(decision == ReviewDecision.Approved ? "Approve" : "Reject")}", cancellationToken);
        Output.WriteLine($"{verb} {string.Join(", ", reviewable.Select(p => p.Environment))} in run {run.Id}.");
    }

    private async Task<string?> OriginRemoteAsync(CancellationToken cancellationToken)
    {
        var result = await Tools.RunAsync("git", ["config", "--get", "remote.origin.url"], echo: false, allowFailure: true, cancellationToken: cancellationToken);
        return result.ExitCode == 0 && result.Lines.Count > 0 ? result.Lines[0].Trim() : null;
    }
}
