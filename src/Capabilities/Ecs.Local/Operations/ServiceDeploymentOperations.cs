using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions, ContinueServiceDeployment, StopServiceDeployment.</summary>
internal sealed class ServiceDeploymentOperations(EcsStore store)
{
    public JsonObject ListServiceDeployments(EcsRequest request)
    {
        var name = request.RequiredString("service");
        var statuses = request.Strings("status");
        var createdAt = request.Read<CreatedAtFilter>("createdAt");
        var paging = Paging.Of(request, defaultMax: 20);

        return store.Read(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var service = d.Services.Values.Where(s => s.ClusterArn == cluster.Arn && s.Name == Arns.NameOf(name)).OrderBy(s => s.Status == "INACTIVE").FirstOrDefault()
                ?? throw EcsException.ServiceNotFound();
            var all = d.Deployments.Values
                .Where(x => x.ServiceArn == service.Arn)
                .Where(x => statuses is null || statuses.Contains(x.Status))
                .Where(x => createdAt?.After is not { } after || x.CreatedAt >= after)
                .Where(x => createdAt?.Before is not { } before || x.CreatedAt <= before)
                .OrderByDescending(x => x.CreatedAt)
                .ToList();
            return paging.Page(all, "serviceDeployments", page => EcsJson.Array(page.Select(x => (JsonNode?)Views.ServiceDeploymentBrief(x))));
        });
    }

    public JsonObject DescribeServiceDeployments(EcsRequest request)
    {
        var arns = request.Strings("serviceDeploymentArns") ?? throw EcsException.InvalidParameter("serviceDeploymentArns can not be empty.");
        if (arns.Count is 0 or > 20)
        {
            throw EcsException.InvalidParameter("serviceDeploymentArns must name 1 to 20 service deployments.");
        }

        return store.Read(d =>
        {
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var arn in arns)
            {
                if (d.Deployments.TryGetValue(arn, out var deployment))
                {
                    found.Add(Views.ServiceDeployment(d, deployment));
                }
                else
                {
                    failures.Add(Views.Failure(arn, "MISSING"));
                }
            }

            return new JsonObject { ["serviceDeployments"] = found, ["failures"] = failures };
        });
    }

    public JsonObject DescribeServiceRevisions(EcsRequest request)
    {
        var arns = request.Strings("serviceRevisionArns") ?? throw EcsException.InvalidParameter("serviceRevisionArns can not be empty.");
        if (arns.Count is 0 or > 20)
        {
            throw EcsException.InvalidParameter("serviceRevisionArns must name 1 to 20 service revisions.");
        }

        return store.Read(d =>
        {
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var arn in arns)
            {
                if (d.Revisions.TryGetValue(arn, out var revision))
                {
                    found.Add(Views.ServiceRevision(revision));
                }
                else
                {
                    failures.Add(Views.Failure(arn, "MISSING"));
                }
            }

            return new JsonObject { ["serviceRevisions"] = found, ["failures"] = failures };
        });
    }

    public JsonObject ContinueServiceDeployment(EcsRequest request)
    {
        var arn = request.RequiredString("serviceDeploymentArn");
        var hookId = request.RequiredString("hookId");
        var action = request.String("action") ?? "CONTINUE";
        if (action is not ("CONTINUE" or "ROLLBACK"))
        {
            throw EcsException.InvalidParameter($"Invalid action '{action}': use CONTINUE or ROLLBACK.");
        }

        return store.Write(d =>
        {
            var deployment = Find(d, arn);
            if (deployment.Status != "IN_PROGRESS")
            {
                throw EcsException.InvalidParameter($"The service deployment is {deployment.Status}: only an IN_PROGRESS deployment's lifecycle hooks can be continued.");
            }

            var hook = deployment.Hooks.FirstOrDefault(h => h.HookId == hookId && h.Status == "AWAITING_ACTION")
                ?? throw EcsException.InvalidParameter(
                    $"Lifecycle hook {hookId} is not awaiting action in this service deployment" +
                    $"{(deployment.Hooks.FirstOrDefault(h => h.Status == "AWAITING_ACTION") is { } waiting ? $" (hook {waiting.HookId} at {waiting.Stage} is)" : "")}.");
            hook.Action = action;
            return new JsonObject { ["serviceDeploymentArn"] = deployment.Arn };
        });
    }

    public JsonObject StopServiceDeployment(EcsRequest request)
    {
        var arn = request.RequiredString("serviceDeploymentArn");
        var stopType = request.String("stopType") ?? "ROLLBACK";
        if (stopType == "ABORT")
        {
            throw new EcsException("UnsupportedFeatureException", "The local ECS stops service deployments with stopType ROLLBACK only.");
        }

        if (stopType != "ROLLBACK")
        {
            throw EcsException.InvalidParameter($"Invalid stopType '{stopType}': use ROLLBACK.");
        }

        return store.Write(d =>
        {
            var deployment = Find(d, arn);
            if (deployment.IsFinished || deployment.Status is "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS")
            {
                throw new EcsException("ConflictException", $"The service deployment is {deployment.Status} and cannot be stopped.");
            }

            deployment.StopRequest ??= "Service deployment rolled back because StopServiceDeployment was called.";
            deployment.Status = "ROLLBACK_REQUESTED";
            deployment.UpdatedAt = DateTimeOffset.UtcNow;
            return new JsonObject { ["serviceDeploymentArn"] = deployment.Arn };
        });
    }

    private static ServiceDeploymentState Find(EcsStateData data, string arn) =>
        data.Deployments.GetValueOrDefault(arn) ?? throw new EcsException("ServiceDeploymentNotFoundException", "The service deployment does not exist.");

    private sealed record CreatedAtFilter(DateTimeOffset? Before, DateTimeOffset? After);
}
