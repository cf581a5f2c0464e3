using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sodium;

namespace Pipeline.GitHub.StandIn;

/// <summary>
/// A stateful fake of the GitHub endpoints Pipeline calls (environments, branch policies, variables, secrets,
/// deployments, statuses, runs, pending deployments), answering with GitHub's own examples from the description,
/// filled with its state. It sits behind <c>prism proxy --errors</c>, which checks its answers against the schema.
/// Secrets arrive sealed; it opens them with the environment's private key to prove they were encrypted for it.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    public const string TokenUser = "octocat";
    public const string ActionsBot = "github-actions[bot]";

    private static readonly Dictionary<string, long> Users = new(StringComparer.OrdinalIgnoreCase) { ["octocat"] = 1, ["hubot"] = 2 };
    private static readonly Dictionary<string, long> Teams = new(StringComparer.OrdinalIgnoreCase) { ["acme/ops"] = 10 };

    private readonly JsonObject _examples;
    private readonly KeyPair _keys = PublicKeyBox.GenerateKeyPair();
    private readonly Dictionary<string, FakeRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly WebApplication _app;
    private long _nextId = 1000;

    private FakeGitHub(JsonObject description, WebApplication app)
    {
        _examples = description["components"]!["examples"]!.AsObject();
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    public static async Task<FakeGitHub> StartAsync(JsonObject description)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGitHub(description, app);
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    /// <summary>The state of <c>owner/name</c> (created empty on first use).</summary>
    public FakeRepository Repository(string fullName)
    {
        lock (_repositories)
        {
            if (!_repositories.TryGetValue(fullName, out var repository))
            {
                _repositories[fullName] = repository = new FakeRepository();
            }

            return repository;
        }
    }

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>
    /// What GitHub Actions does when a job that names <c>environment:</c> is queued: it creates a deployment of the run's
    /// sha to that environment as <c>github-actions[bot]</c> with an empty payload, and posts <c>queued</c> (the
    /// description's enum has no <c>waiting</c>, which github.com shows while a reviewer is awaited). When the environment
    /// has required reviewers the run waits for review with that environment pending; otherwise the job starts
    /// (<c>in_progress</c>). Statuses point at the job's page.
    /// </summary>
    public ActionsJob QueueActionsJob(string repository, long runId, long jobId, string sha, string environment, string workflow = "delivery.yml", string? title = null)
    {
        var state = Repository(repository);
        var log = $"https://github.com/{repository}/actions/runs/{runId.ToString(CultureInfo.InvariantCulture)}/job/{jobId.ToString(CultureInfo.InvariantCulture)}";
        var deployment = new FakeDeployment(NextId(), sha, environment, ActionsBot, new Dictionary<string, string>());
        deployment.Statuses.Add(new FakeStatus("queued", "", null, log, DateTimeOffset.UtcNow));
        lock (state)
        {
            state.Deployments.Add(deployment);
            if (!state.Runs.TryGetValue(runId, out var run))
            {
                state.Runs[runId] = run = new FakeRun(runId, sha, workflow) { Status = "in_progress", Title = title };
            }

            if (state.Environments.TryGetValue(environment, out var declared) && declared.Reviewers.Count > 0)
            {
                run.Pending.Add(environment);
                run.Status = "waiting";
            }
            else
            {
                deployment.Statuses.Add(new FakeStatus("in_progress", "", null, log, DateTimeOffset.UtcNow));
            }
        }

        return new ActionsJob(state, runId, deployment, log);
    }

    /// <summary>What GitHub Actions posts when the job ends: its own final status, with the job's <c>environment.url</c>.</summary>
    public static void EndActionsJob(ActionsJob job, bool succeeded, string? environmentUrl)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (job.State)
        {
            job.Deployment.Statuses.Add(new FakeStatus(succeeded ? "success" : "failure", "", environmentUrl is { Length: > 0 } ? environmentUrl : null, job.LogUrl, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>
    /// What GitHub Actions does when a job is cancelled before it started (a newer job took its pending place in a
    /// concurrency group, a reviewer's approval awaited or not): the environment no longer waits for review in its run,
    /// the run completes when nothing else waits, and Actions ends the job's deployment <c>error</c> — nothing was deployed.
    /// </summary>
    public static void CancelActionsJob(ActionsJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (job.State)
        {
            var run = job.State.Runs[job.RunId];
            run.Pending.Remove(job.Deployment.Environment);
            if (run.Pending.Count == 0)
            {
                run.Status = "completed";
            }

            job.Deployment.Statuses.Add(new FakeStatus("error", "", null, job.LogUrl, DateTimeOffset.UtcNow));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        const string Repo = "/repos/{owner}/{repo}";
        const string Env = Repo + "/environments/{environment}";
        app.MapGet(Repo, (string owner, string repo) => Json(Set(Example("full-repository-default-response"), o =>
        {
            o["name"] = repo;
            o["full_name"] = $"{owner}/{repo}";
            var visibility = Repository($"{owner}/{repo}").Visibility;
            o["visibility"] = visibility;
            o["private"] = visibility != "public";

            // GitHub's own example omits members its schema requires.
            o["language"] = "C#";
            o["source"]!["language"] = "C#";
        })));
        app.MapGet(Repo + "/actions/variables", (HttpRequest request, string owner, string repo) => VariablesPage(request, Repository($"{owner}/{repo}").Variables));
        app.MapPost(Repo + "/actions/variables", async (HttpRequest request, string owner, string repo) =>
        {
            var body = await BodyAsync(request, owner, repo);
            Repository($"{owner}/{repo}").Variables[body!["name"]!.GetValue<string>().ToUpperInvariant()] = body["value"]!.GetValue<string>();
            return Results.Text("{}", "application/json", Encoding.UTF8, 201);
        });
        app.MapPatch(Repo + "/actions/variables/{name}", async (HttpRequest request, string owner, string repo, string name) =>
        {
            var body = await BodyAsync(request, owner, repo);
            Repository($"{owner}/{repo}").Variables[name] = body!["value"]!.GetValue<string>();
            return Results.StatusCode(204);
        });
        app.MapGet("/users/{login}", (string login) => Users.TryGetValue(login, out var id)
            ? Json(Set(Example("public-user-default-response"), o => { o["login"] = login; o["id"] = id; }))
            : NotFound());
        app.MapGet("/orgs/{org}/teams/{slug}", (string org, string slug) => Teams.TryGetValue($"{org}/{slug}", out var id)
            ? Json(Set(Example("team-full"), o =>
            {
                o["slug"] = slug;
                o["id"] = id;
                o["name"] = slug;

                // GitHub's own example omits members its schema requires.
                o["type"] = "organization";
                o["organization"]!["archived_at"] = null;
            }))
            : NotFound());

        app.MapGet(Env, (string owner, string repo, string environment) =>
            Find(owner, repo, environment) is { } found ? Json(EnvironmentJson(found)) : NotFound());
        app.MapPut(Env, async (HttpRequest request, string owner, string repo, string environment) =>
        {
            var body = await BodyAsync(request, owner, repo);
            var state = Repository($"{owner}/{repo}");
            var protection = (body?["wait_timer"]?.GetValue<int>() ?? 0) > 0 || (body?["reviewers"]?.AsArray().Count ?? 0) > 0;
            if (protection && state.Visibility != "public" && state.Plan != "enterprise")
            {
                // What github.com answers when the plan cannot hold the rules for a private repository.
                return Results.Text("""{"message":"Fail to create protected rule, please ensure billing plan include protected branch gate.","documentation_url":"https://docs.github.com/rest/deployments/environments#create-or-update-an-environment"}""", "application/json", Encoding.UTF8, 422);
            }

            FakeEnvironment target;
            lock (state)
            {
                if (!state.Environments.TryGetValue(environment, out target!))
                {
                    state.Environments[environment] = target = new FakeEnvironment(NextId(), environment);
                }
            }

            target.WaitTimer = body?["wait_timer"]?.GetValue<int>() ?? 0;
            target.PreventSelfReview = body?["prevent_self_review"]?.GetValue<bool>() ?? false;
            target.Reviewers.Clear();
            foreach (var reviewer in body?["reviewers"]?.AsArray() ?? [])
            {
                var type = reviewer!["type"]!.GetValue<string>();
                var id = reviewer["id"]!.GetValue<long>();
                var name = type == "User" ? Users.First(u => u.Value == id).Key : Teams.First(t => t.Value == id).Key.Split('/')[1];
                target.Reviewers.Add((type, name));
            }

            var policy = body?["deployment_branch_policy"];
            target.BranchPolicy = policy is null ? null : (policy["protected_branches"]!.GetValue<bool>(), policy["custom_branch_policies"]!.GetValue<bool>());
            if (target.BranchPolicy is not { Custom: true })
            {
                target.Patterns.Clear();
            }

            return Json(EnvironmentJson(target));
        });

        app.MapGet(Env + "/deployment-branch-policies", (string owner, string repo, string environment) =>
            Find(owner, repo, environment) is not { } found ? NotFound() : Json(new JsonObject
            {
                ["total_count"] = found.Patterns.Count,
                ["branch_policies"] = new JsonArray([.. found.Patterns.Select(p => (JsonNode)Policy(p))]),
            }));
        app.MapPost(Env + "/deployment-branch-policies", async (HttpRequest request, string owner, string repo, string environment) =>
        {
            var body = await BodyAsync(request, owner, repo);
            if (Find(owner, repo, environment) is not { } found)
            {
                return NotFound();
            }

            var pattern = (NextId(), body!["name"]!.GetValue<string>(), body["type"]?.GetValue<string>() ?? "branch");
            found.Patterns.Add(pattern);
            return Json(Policy(pattern));
        });
        app.MapDelete(Env + "/deployment-branch-policies/{id}", (string owner, string repo, string environment, long id) =>
        {
            Find(owner, repo, environment)?.Patterns.RemoveAll(p => p.Id == id);
            return Results.StatusCode(204);
        });

        app.MapGet(Env + "/variables", (HttpRequest request, string owner, string repo, string environment) =>
        {
            if (Find(owner, repo, environment) is not { } found)
            {
                return NotFound();
            }

            return VariablesPage(request, found.Variables);
        });
        app.MapPost(Env + "/variables", async (HttpRequest request, string owner, string repo, string environment) =>
        {
            var body = await BodyAsync(request, owner, repo);
            Find(owner, repo, environment)!.Variables[body!["name"]!.GetValue<string>().ToUpperInvariant()] = body["value"]!.GetValue<string>();
            return Results.Text("{}", "application/json", Encoding.UTF8, 201);
        });
        app.MapPatch(Env + "/variables/{name}", async (HttpRequest request, string owner, string repo, string environment, string name) =>
        {
            var body = await BodyAsync(request, owner, repo);
            Find(owner, repo, environment)!.Variables[name] = body!["value"]!.GetValue<string>();
            return Results.StatusCode(204);
        });
        app.MapDelete(Env + "/variables/{name}", (string owner, string repo, string environment, string name) =>
        {
            Find(owner, repo, environment)?.Variables.Remove(name);
            return Results.StatusCode(204);
        });

        app.MapGet(Env + "/secrets", (string owner, string repo, string environment) =>
            Find(owner, repo, environment) is not { } found ? NotFound() : Json(new JsonObject
            {
                ["total_count"] = found.Secrets.Count,
                ["secrets"] = new JsonArray([.. found.Secrets.Keys.Order(StringComparer.Ordinal).Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s,
                    ["created_at"] = "2026-11-01T10:00:00Z",
                    ["updated_at"] = "2026-11-01T10:00:00Z",
                })]),
            }));
        app.MapGet(Env + "/secrets/public-key", () => Json(new JsonObject { ["key_id"] = "568250167242549743", ["key"] = Convert.ToBase64String(_keys.PublicKey) }));
        app.MapPut(Env + "/secrets/{name}", async (HttpRequest request, string owner, string repo, string environment, string name) =>
        {
            var body = await BodyAsync(request, owner, repo);
            if (body?["key_id"]?.GetValue<string>() != "568250167242549743")
            {
                return Results.Text("""{"message":"Bad key_id","documentation_url":"https://docs.github.com/rest"}""", "application/json", Encoding.UTF8, 422);
            }

            var opened = SealedPublicKeyBox.Open(Convert.FromBase64String(body["encrypted_value"]!.GetValue<string>()), _keys.PrivateKey, _keys.PublicKey);
            var found = Find(owner, repo, environment)!;
            var created = !found.Secrets.ContainsKey(name);
            found.Secrets[name] = Encoding.UTF8.GetString(opened);
            return created ? Results.Text("{}", "application/json", Encoding.UTF8, 201) : Results.StatusCode(204);
        });
        app.MapDelete(Env + "/secrets/{name}", (string owner, string repo, string environment, string name) =>
        {
            Find(owner, repo, environment)?.Secrets.Remove(name);
            return Results.StatusCode(204);
        });

        app.MapGet(Repo + "/deployments", (HttpRequest request, string owner, string repo) =>
        {
            var state = Repository($"{owner}/{repo}");
            var query = request.Query;
            var (_, size) = Page(request);
            var items = state.Deployments.AsEnumerable().Reverse()
                .Where(d => query["sha"].Count == 0 || d.Sha == query["sha"].ToString())
                .Where(d => query["environment"].Count == 0 || d.Environment == query["environment"].ToString())
                .Take(size)
                .Select(d => (JsonNode)DeploymentJson(owner, repo, d));
            return Json(new JsonArray([.. items]));
        });
        app.MapPost(Repo + "/deployments", async (HttpRequest request, string owner, string repo) =>
        {
            var body = await BodyAsync(request, owner, repo);
            var payload = body?["payload"] is JsonObject p ? p.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()) : new Dictionary<string, string>();
            var deployment = new FakeDeployment(NextId(), body!["ref"]!.GetValue<string>(), body["environment"]?.GetValue<string>() ?? "production", TokenUser, payload)
            {
                Description = body["description"]?.GetValue<string>(),
                Production = body["production_environment"]?.GetValue<bool>() ?? false,
            };
            Repository($"{owner}/{repo}").Deployments.Add(deployment);
            return Json(DeploymentJson(owner, repo, deployment), 201);
        });
        app.MapGet(Repo + "/deployments/{id}/statuses", (HttpRequest request, string owner, string repo, long id) =>
        {
            var deployment = Repository($"{owner}/{repo}").Deployments.FirstOrDefault(d => d.Id == id);
            if (deployment is null)
            {
                return NotFound();
            }

            var (_, size) = Page(request);
            return Json(new JsonArray([.. deployment.Statuses.AsEnumerable().Reverse().Take(size).Select(s => (JsonNode)StatusJson(owner, repo, deployment, s))]));
        });
        app.MapPost(Repo + "/deployments/{id}/statuses", async (HttpRequest request, string owner, string repo, long id) =>
        {
            var body = await BodyAsync(request, owner, repo);
            var deployment = Repository($"{owner}/{repo}").Deployments.FirstOrDefault(d => d.Id == id);
            if (deployment is null)
            {
                return NotFound();
            }

            var status = new FakeStatus(
                body!["state"]!.GetValue<string>(),
                body["description"]?.GetValue<string>(),
                body["environment_url"]?.GetValue<string>(),
                body["log_url"]?.GetValue<string>(),
                DateTimeOffset.UtcNow);
            deployment.Statuses.Add(status);
            return Json(StatusJson(owner, repo, deployment, status), 201);
        });

        app.MapGet(Repo + "/actions/workflows/{workflow}/runs", (HttpRequest request, string owner, string repo, string workflow) =>
        {
            var status = request.Query["status"].ToString();
            var runs = Repository($"{owner}/{repo}").Runs.Values.Where(r => r.Workflow == workflow && (status.Length == 0 || r.Status == status)).OrderByDescending(r => r.Created).ThenByDescending(r => r.Id).ToList();
            return Json(new JsonObject { ["total_count"] = runs.Count, ["workflow_runs"] = new JsonArray([.. runs.Select(r => (JsonNode)RunJson(owner, repo, r))]) });
        });
        app.MapGet(Repo + "/actions/runs/{id}", (string owner, string repo, long id) =>
            Repository($"{owner}/{repo}").Runs.TryGetValue(id, out var run) ? Json(RunJson(owner, repo, run)) : NotFound());
        app.MapGet(Repo + "/actions/runs/{id}/pending_deployments", (string owner, string repo, long id) =>
        {
            var state = Repository($"{owner}/{repo}");
            if (!state.Runs.TryGetValue(id, out var run))
            {
                return NotFound();
            }

            var template = ExampleNode("pending-deployment-items").AsArray()[0]!.AsObject();
            return Json(new JsonArray([.. run.Pending.Select(name => (JsonNode)Set(template.DeepClone().AsObject(), o =>
            {
                var environment = state.Environments.GetValueOrDefault(name);
                o["environment"]!["id"] = environment?.Id ?? 0;
                o["environment"]!["name"] = name;
                o["wait_timer"] = environment?.WaitTimer ?? 0;
                o["current_user_can_approve"] = environment?.Reviewers.Any(r => r == ("User", TokenUser)) ?? false;
                o["reviewers"] = new JsonArray([.. (environment?.Reviewers ?? []).Select(r => (JsonNode)Reviewer(r))]);
            }))]));
        });
        app.MapPost(Repo + "/actions/runs/{id}/pending_deployments", async (HttpRequest request, string owner, string repo, long id) =>
        {
            var body = await BodyAsync(request, owner, repo);
            var state = Repository($"{owner}/{repo}");
            var run = state.Runs[id];
            foreach (var environmentId in body!["environment_ids"]!.AsArray().Select(e => e!.GetValue<long>()))
            {
                var name = state.Environments.Values.First(e => e.Id == environmentId).Name;
                run.Pending.Remove(name);
                var approved = body["state"]!.GetValue<string>() == "approved";
                foreach (var waiting in state.Deployments.Where(d => d.Environment == name && d.Creator == ActionsBot && d.Statuses.Count == 1 && d.Statuses[0].State == "queued"))
                {
                    waiting.Statuses.Add(waiting.Statuses[0] with { State = approved ? "in_progress" : "failure", Created = DateTimeOffset.UtcNow });
                }

                run.Approvals.Add((body["state"]!.GetValue<string>(), body["comment"]!.GetValue<string>(), TokenUser, name));
            }

            run.Status = run.Pending.Count == 0 ? "in_progress" : run.Status;
            return Json(new JsonArray());
        });
        app.MapGet(Repo + "/actions/runs/{id}/approvals", (string owner, string repo, long id) =>
        {
            var state = Repository($"{owner}/{repo}");
            if (!state.Runs.TryGetValue(id, out var run))
            {
                return NotFound();
            }

            var template = ExampleNode("environment-approvals-items").AsArray()[0]!.AsObject();
            return Json(new JsonArray([.. run.Approvals.Select(a => (JsonNode)Set(template.DeepClone().AsObject(), o =>
            {
                o["state"] = a.State;
                o["comment"] = a.Comment;
                o["user"] = User(a.User);
                o["environments"]![0]!["name"] = a.Environment;
                o["environments"]![0]!["id"] = state.Environments.GetValueOrDefault(a.Environment)?.Id ?? 0;
            }))]));
        });
    }

    private FakeEnvironment? Find(string owner, string repo, string environment)
    {
        var state = Repository($"{owner}/{repo}");
        lock (state)
        {
            return state.Environments.GetValueOrDefault(environment);
        }
    }

    private async Task<JsonNode?> BodyAsync(HttpRequest request, string owner, string repo)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var state = Repository($"{owner}/{repo}");
        lock (state.Bodies)
        {
            state.Bodies.Add(text);
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private JsonObject EnvironmentJson(FakeEnvironment environment)
    {
        var template = Example("environment");
        var rules = template["protection_rules"]!.AsArray();
        var wait = rules[0]!.DeepClone().AsObject();
        var reviewers = rules[1]!.DeepClone().AsObject();
        var branch = rules[2]!.DeepClone().AsObject();
        var result = new JsonArray();
        if (environment.WaitTimer > 0)
        {
            wait["wait_timer"] = environment.WaitTimer;
            result.Add(wait);
        }

        if (environment.Reviewers.Count > 0)
        {
            reviewers["prevent_self_review"] = environment.PreventSelfReview;
            reviewers["reviewers"] = new JsonArray([.. environment.Reviewers.Select(r => (JsonNode)Reviewer(r))]);
            result.Add(reviewers);
        }

        if (environment.BranchPolicy is not null)
        {
            result.Add(branch);
        }

        return Set(template, o =>
        {
            o["id"] = environment.Id;
            o["name"] = environment.Name;
            o["protection_rules"] = result;
            o["deployment_branch_policy"] = environment.BranchPolicy is { } policy
                ? new JsonObject { ["protected_branches"] = policy.Protected, ["custom_branch_policies"] = policy.Custom }
                : null;
        });
    }

    private JsonObject Reviewer((string Type, string Name) reviewer) => new()
    {
        ["type"] = reviewer.Type,
        ["reviewer"] = reviewer.Type == "User" ? User(reviewer.Name) : Team(reviewer.Name),
    };

    private JsonObject User(string login)
    {
        var user = Example("environment")["protection_rules"]![1]!["reviewers"]![0]!["reviewer"]!.DeepClone().AsObject();
        user["login"] = login;
        user["id"] = Users.GetValueOrDefault(login, 99);
        return user;
    }

    private JsonObject Team(string slug)
    {
        var team = Example("environment")["protection_rules"]![1]!["reviewers"]![1]!["reviewer"]!.DeepClone().AsObject();
        team["slug"] = slug;
        team["name"] = slug;
        team["id"] = Teams.FirstOrDefault(t => t.Key.EndsWith("/" + slug, StringComparison.OrdinalIgnoreCase)).Value;
        return team;
    }

    private static JsonObject Policy((long Id, string Name, string Type) pattern) =>
        new() { ["id"] = pattern.Id, ["node_id"] = "MDE2OkdhdGVCcmFuY2hQb2xpY3kzNjE0NzE=", ["name"] = pattern.Name, ["type"] = pattern.Type };

    private JsonObject DeploymentJson(string owner, string repo, FakeDeployment deployment) => Set(Example("deployment-simple-example"), o =>
    {
        o["id"] = deployment.Id;
        o["sha"] = deployment.Sha;
        o["ref"] = deployment.Sha;
        o["task"] = "deploy";
        o["environment"] = deployment.Environment;
        o["original_environment"] = deployment.Environment;
        o["description"] = deployment.Description;
        o["production_environment"] = deployment.Production;
        o["payload"] = new JsonObject([.. deployment.Payload.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]);
        o["creator"] = User(deployment.Creator);
        o["created_at"] = Iso(deployment.Created);
        o["url"] = $"https://api.github.com/repos/{owner}/{repo}/deployments/{deployment.Id}";
    });

    private JsonObject StatusJson(string owner, string repo, FakeDeployment deployment, FakeStatus status) => Set(Example("deployment-status"), o =>
    {
        o["id"] = deployment.Statuses.IndexOf(status) + 1;
        o["state"] = status.State;
        o["description"] = status.Description ?? "";
        o["environment"] = deployment.Environment;
        o["environment_url"] = status.EnvironmentUrl;
        o["log_url"] = status.LogUrl;
        o["target_url"] = status.LogUrl ?? $"https://github.com/{owner}/{repo}";
        foreach (var unset in new[] { "environment_url", "log_url" }.Where(name => o[name] is null))
        {
            o.Remove(unset);
        }
        o["creator"] = User(deployment.Creator);
        o["created_at"] = Iso(status.Created);
        o["updated_at"] = Iso(status.Created);
        o["deployment_url"] = $"https://api.github.com/repos/{owner}/{repo}/deployments/{deployment.Id}";
    });

    private JsonObject RunJson(string owner, string repo, FakeRun run) => Set(Example("workflow-run"), o =>
    {
        o["id"] = run.Id;
        o["head_sha"] = run.Sha;
        o["head_branch"] = "main";
        o["status"] = run.Status;
        o["path"] = $".github/workflows/{run.Workflow}";
        o["created_at"] = Iso(run.Created);
        o["display_title"] = run.Title ?? "Deliver " + run.Sha[..7];
        o["actor"] = User(run.Actor);
        o["triggering_actor"] = User(run.Actor);
        o["html_url"] = $"https://github.com/{owner}/{repo}/actions/runs/{run.Id}";
    });

    private JsonObject Example(string name) => ExampleNode(name).AsObject();

    private JsonNode ExampleNode(string name) => _examples[name]?["value"]?.DeepClone() ?? throw new InvalidOperationException($"GitHub's description has no example {name}");

    private static JsonObject Set(JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }

    private static IResult VariablesPage(HttpRequest request, Dictionary<string, string> variables)
    {
        var (page, size) = Page(request);
        var items = variables.OrderBy(v => v.Key, StringComparer.Ordinal).Skip((page - 1) * size).Take(size)
            .Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["value"] = v.Value, ["created_at"] = "2026-11-01T10:00:00Z", ["updated_at"] = "2026-11-01T10:00:00Z" });
        return Json(new JsonObject { ["total_count"] = variables.Count, ["variables"] = new JsonArray([.. items]) });
    }

    private static (int Page, int Size) Page(HttpRequest request) => (
        int.TryParse(request.Query["page"], CultureInfo.InvariantCulture, out var page) ? page : 1,
        int.TryParse(request.Query["per_page"], CultureInfo.InvariantCulture, out var size) ? size : 30);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static IResult Json(JsonNode node, int status = 200) => Results.Text(node.ToJsonString(), "application/json", Encoding.UTF8, status);

    private static IResult NotFound() => Results.Text("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""", "application/json", Encoding.UTF8, 404);
}
