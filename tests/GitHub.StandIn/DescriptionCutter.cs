using System.Text.Json.Nodes;

namespace Pipeline.GitHub.StandIn;

/// <summary>
/// Cuts GitHub's 13 MB description down to the operations Pipeline calls and every component they reference,
/// transitively, so Prism starts in seconds instead of a minute. The operations are GitHub's, untouched.
/// </summary>
internal static class DescriptionCutter
{
    public static readonly IReadOnlyDictionary<string, string[]> Operations = new Dictionary<string, string[]>
    {
        ["/repos/{owner}/{repo}"] = ["get"],
        ["/repos/{owner}/{repo}/environments/{environment_name}"] = ["get", "put"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"] = ["get", "post"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}"] = ["delete"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/variables"] = ["get", "post"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/variables/{name}"] = ["patch", "delete"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/secrets"] = ["get"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key"] = ["get"],
        ["/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}"] = ["put", "delete"],
        ["/repos/{owner}/{repo}/actions/variables"] = ["get", "post"],
        ["/repos/{owner}/{repo}/actions/variables/{name}"] = ["patch"],
        ["/users/{username}"] = ["get"],
        ["/orgs/{org}/teams/{team_slug}"] = ["get"],
        ["/repos/{owner}/{repo}/deployments"] = ["get", "post"],
        ["/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"] = ["get", "post"],
        ["/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"] = ["get"],
        ["/repos/{owner}/{repo}/actions/runs/{run_id}"] = ["get"],
        ["/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments"] = ["get", "post"],
        ["/repos/{owner}/{repo}/actions/runs/{run_id}/approvals"] = ["get"],
    };

    public static JsonObject Cut(JsonObject full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var paths = new JsonObject();
        foreach (var (path, methods) in Operations)
        {
            var source = full["paths"]?[path]?.AsObject() ?? throw new InvalidOperationException($"GitHub's description has no path {path}");
            var item = new JsonObject();
            foreach (var method in methods)
            {
                item[method] = (source[method] ?? throw new InvalidOperationException($"GitHub's description has no {method} {path}")).DeepClone();
            }

            if (source["parameters"] is { } parameters)
            {
                item["parameters"] = parameters.DeepClone();
            }

            paths[path] = item;
        }

        var cut = new JsonObject
        {
            ["openapi"] = full["openapi"]!.DeepClone(),
            ["info"] = full["info"]!.DeepClone(),
            ["servers"] = full["servers"]!.DeepClone(),
            ["paths"] = paths,
            ["components"] = new JsonObject(),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>([paths]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject node:
                    foreach (var (key, value) in node)
                    {
                        if (key == "$ref" && value?.GetValue<string>() is { } reference && seen.Add(reference))
                        {
                            var target = Copy(full, cut, reference);
                            pending.Push(target);
                        }
                        else
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var value in array)
                    {
                        pending.Push(value);
                    }

                    break;
            }
        }

        return cut;
    }

    /// <summary>Copies the component <paramref name="reference"/> (<c>#/components/schemas/x</c>) into the cut description.</summary>
    private static JsonNode Copy(JsonObject full, JsonObject cut, string reference)
    {
        var parts = reference.TrimStart('#', '/').Split('/');
        JsonNode node = full;
        foreach (var part in parts)
        {
            node = node[part] ?? throw new InvalidOperationException($"GitHub's description has no {reference}");
        }

        var parent = cut;
        foreach (var part in parts[..^1])
        {
            parent = (parent[part] ??= new JsonObject()).AsObject();
        }

        var copy = node.DeepClone();
        parent[parts[^1]] = copy;
        return copy;
    }
}
