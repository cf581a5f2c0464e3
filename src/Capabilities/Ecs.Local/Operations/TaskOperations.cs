using System.Text.Json.Nodes;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>RunTask, DescribeTasks, StopTask, ListTasks.</summary>
internal sealed class TaskOperations(EcsStore store, Arns arns, TaskLauncher launcher, TaskRunner tasks, BackgroundWork background)
{
    public JsonObject RunTask(EcsRequest request)
    {
        var reference = request.RequiredString("taskDefinition");
        var count = request.Int("count") ?? 1;
        if (count is < 1 or > 10)
        {
            throw EcsException.InvalidParameter("count must be between 1 and 10.");
        }

        var overrides = request.Read<TaskOverride>("overrides");
        var overridesNode = request.Read<JsonObject>("overrides");
        var startedBy = request.String("startedBy");
        var group = request.String("group");
        var launchType = request.String("launchType") ?? "FARGATE";
        var clientToken = request.String("clientToken");
        if (clientToken is { Length: > 64 })
        {
            throw EcsException.InvalidParameter("clientToken can have up to 64 characters.");
        }

        return store.Write(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var definition = d.TaskDefinition(reference);
            if (clientToken is not null && Started(d, cluster, clientToken) is { Count: > 0 } earlier)
            {
                // As ECS: the same token is the same request, answered with the tasks it started, not new ones.
                if (earlier[0].TaskDefinitionArn != definition.Arn || earlier.Count != count)
                {
                    throw EcsException.InvalidParameter($"The clientToken {clientToken} was used for a RunTask request with other parameters: use a new token for a new request.");
                }

                return new JsonObject { ["tasks"] = EcsJson.Array(earlier.Select(t => (JsonNode?)Views.Task(t))), ["failures"] = new JsonArray() };
            }

            if (definition.Status != "ACTIVE")
            {
                throw EcsException.Client($"TaskDefinition is inactive ({definition.Arn}).");
            }

            var names = ContainerDefinition.AllOf(definition.Definition).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            if (overrides?.ContainerOverrides?.FirstOrDefault(o => !names.Contains(o.Name ?? "")) is { } unknown)
            {
                throw EcsException.InvalidParameter($"Override for container named {unknown.Name} is not a container in the TaskDefinition.");
            }

            var started = Enumerable.Range(0, count)
                .Select(_ => launcher.Launch(definition, cluster, group ?? $"family:{definition.Family}", startedBy, null, launchType, overrides, overridesNode?.DeepClone()))
                .ToList();
            started.ForEach(t => t.ClientToken = clientToken);
            return new JsonObject { ["tasks"] = EcsJson.Array(started.Select(t => (JsonNode?)Views.Task(t))), ["failures"] = new JsonArray() };
        });
    }

    public JsonObject DescribeTasks(EcsRequest request)
    {
        var references = request.Strings("tasks") ?? throw EcsException.InvalidParameter("Tasks cannot be empty.");
        if (references.Count is 0 or > 100)
        {
            throw EcsException.InvalidParameter("tasks must name 1 to 100 tasks.");
        }

        return store.Read(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var arn in references)
            {
                var task = d.Tasks.Values.FirstOrDefault(t => t.ClusterArn == cluster.Arn && (t.Arn == arn || t.Id == arn));
                if (task is null)
                {
                    failures.Add(Views.Failure(arn.StartsWith("arn:", StringComparison.Ordinal) ? arn : arns.Task(cluster.Name, arn), "MISSING"));
                }
                else
                {
                    found.Add(Views.Task(task));
                }
            }

            return new JsonObject { ["tasks"] = found, ["failures"] = failures };
        });
    }

    public async Task<JsonObject> StopTaskAsync(EcsRequest request, CancellationToken cancellationToken)
    {
        var reference = request.RequiredString("task");
        var reason = request.String("reason") ?? "Task stopped by user";
        var task = store.Read(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            return d.Tasks.Values.FirstOrDefault(t => t.ClusterArn == cluster.Arn && (t.Arn == reference || t.Id == reference))
                ?? throw EcsException.InvalidParameter("The referenced task was not found.");
        });
        if (!task.IsStopped)
        {
            // the synchronous part of StopAsync marks the task STOPPED-desired before the answer is written
            var stopping = tasks.StopAsync(task.Arn, "UserInitiated", reason, background.Stopping);
            background.Run(_ => stopping);
        }

        await Task.Yield();
        return store.Read(_ => new JsonObject { ["task"] = Views.Task(task) });
    }

    public JsonObject ListTasks(EcsRequest request)
    {
        var family = request.String("family");
        var serviceName = request.String("serviceName");
        var startedBy = request.String("startedBy");
        var desired = request.String("desiredStatus") ?? "RUNNING";
        var paging = Paging.Of(request, defaultMax: 100);

        return store.Read(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var service = serviceName is null ? null : d.Service(cluster, serviceName);
            var all = d.Tasks.Values
                .Where(t => t.ClusterArn == cluster.Arn)
                .Where(t => desired == "STOPPED" ? t.DesiredStatus == "STOPPED" : t.DesiredStatus == "RUNNING" && !t.IsStopped)
                .Where(t => family is null || t.TaskDefinitionArn.Contains($"task-definition/{family}:", StringComparison.Ordinal))
                .Where(t => service is null || t.ServiceArn == service.Arn)
                .Where(t => startedBy is null || t.StartedBy == startedBy)
                .OrderBy(t => t.CreatedAt)
                .Select(t => t.Arn)
                .ToList();
            return paging.Page(all, "taskArns", page => EcsJson.Strings(page));
        });
    }

    /// <summary>The tasks an earlier RunTask with <paramref name="clientToken"/> started in <paramref name="cluster"/>.</summary>
    private static List<TaskState> Started(EcsStateData data, ClusterState cluster, string clientToken) =>
        [.. data.Tasks.Values.Where(t => t.ClusterArn == cluster.Arn && t.ClientToken == clientToken).OrderBy(t => t.CreatedAt)];
}
