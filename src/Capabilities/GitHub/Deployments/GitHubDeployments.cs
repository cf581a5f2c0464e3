using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using Octokit;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Deployments;

/// <summary>
/// Records deploys as GitHub deployments. A GitHub Actions job that names an <c>environment:</c> already gets a
/// deployment from GitHub (ref and sha of the run, empty payload, statuses that follow the job, and GitHub's own final
/// status when the job ends); when this runs inside such a job, that deployment is found and the statuses are added to
/// it instead of creating a second one, each description naming the release (<see cref="DeployedRelease"/>). Otherwise
/// (outside Actions, or a job with <c>deployment: false</c>) it creates the deployment itself, with the version, image
/// digest and commit in its payload.
/// </summary>
public sealed class GitHubDeployments(GitHubApi api)
{
    /// <summary>The login GitHub Actions creates its deployments as.</summary>
    public const string ActionsBot = "github-actions[bot]";

    private static readonly string[] OpenStates = ["queued", "pending", "in_progress", "waiting"];

    /// <summary>The deployment for this deploy: GitHub Actions' own for this run when there is one, else a new one.</summary>
    public async Task<GitHubDeployment> StartAsync(DeploymentRequest request, ActionsRun? run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (run is not null && await FindActionsDeploymentAsync(request, run, cancellationToken) is { } existing)
        {
            return new GitHubDeployment(api, existing, request, run.LogUrl, adopted: true);
        }

        var deployment = new NewDeployment(request.Sha)
        {
            Environment = request.Environment,
            Payload = new Dictionary<string, string>(request.Payload),
            RequiredContexts = new Collection<string>(),
            AutoMerge = false,
            TransientEnvironment = request.Transient,
            ProductionEnvironment = request.Production,
            Description = StatusDescription.Fit($"Deploy {request.Version}" + (request.Digest is { } digest ? $" ({digest})" : "")),
            Task = "deploy",
        };
        var created = await api.CallAsync(
            () => api.PostModelAsync<Deployment>($"{api.RepositoryPath}/deployments", deployment, cancellationToken),
            $"creating a deployment to '{request.Environment}'",
            GitHubPermission.Deployments,
            cancellationToken);
        return new GitHubDeployment(api, created.Id, request, run?.LogUrl, adopted: false);
    }

    /// <summary>
    /// GitHub Actions' deployment for this run: created by <see cref="ActionsBot"/> for the sha and environment, still
    /// open (queued, in progress or waiting), and not tied to another run by its statuses' log URL.
    /// </summary>
    private async Task<long?> FindActionsDeploymentAsync(DeploymentRequest request, ActionsRun run, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string> { ["sha"] = run.Sha ?? request.Sha, ["environment"] = request.Environment, ["per_page"] = "10" };
        var deployments = await api.GetAsync($"{api.RepositoryPath}/deployments", $"looking for this run's deployment to '{request.Environment}'", GitHubPermission.Deployments, cancellationToken, query);
        var runMarker = $"/actions/runs/{run.RunId.ToString(CultureInfo.InvariantCulture)}";
        foreach (var deployment in (deployments ?? default).Items())
        {
            if (deployment.Member("creator")?.String("login") != ActionsBot || deployment.Long("id") is not { } id)
            {
                continue;
            }

            var statuses = await api.GetAsync(
                $"{api.RepositoryPath}/deployments/{id.ToString(CultureInfo.InvariantCulture)}/statuses",
                $"reading the statuses of deployment {id}",
                GitHubPermission.Deployments,
                cancellationToken,
                new Dictionary<string, string> { ["per_page"] = "10" });
            var items = (statuses ?? default).Items().ToList();
            var otherRun = items.Any(s => (s.String("log_url") ?? s.String("target_url")) is { Length: > 0 } url && url.Contains("/actions/runs/", StringComparison.Ordinal) && !url.Contains(runMarker, StringComparison.Ordinal));
            var open = items.Count == 0 || OpenStates.Contains(items[0].String("state"));
            if (open && !otherRun)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The version and digest a deployment's payload names (GitHub returns it as an object or a JSON string).</summary>
    public static (string? Version, string? Digest) ReadPayload(JsonElement deployment)
    {
        var payload = deployment.Member("payload");
        if (payload is { ValueKind: JsonValueKind.String } text && text.GetString() is { Length: > 1 } json && json.TrimStart().StartsWith('{'))
        {
            try
            {
                payload = JsonDocument.Parse(json).RootElement.Clone();
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }

        return payload is { ValueKind: JsonValueKind.Object } p ? (p.String("version"), p.String("digest")) : (null, null);
    }
}
