using System.Text.Json.Nodes;
using Pipeline.Deploy.Edge;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>The model's output shapes of the local ECS's resources, built from the state (call under the store's lock).</summary>
internal static class Views
{
    public static JsonObject Cluster(EcsStateData data, ClusterState cluster, bool tags)
    {
        var tasks = data.Tasks.Values.Where(t => t.ClusterArn == cluster.Arn && !t.IsStopped).ToList();
        return EcsJson.Object(
            ("clusterArn", cluster.Arn),
            ("clusterName", cluster.Name),
            ("status", cluster.Status),
            ("registeredContainerInstancesCount", 0),
            ("runningTasksCount", tasks.Count(t => t.LastStatus == "RUNNING")),
            ("pendingTasksCount", tasks.Count(t => t.LastStatus != "RUNNING")),
            ("activeServicesCount", data.Services.Values.Count(s => s.ClusterArn == cluster.Arn && s.Status == "ACTIVE")),
            ("statistics", new JsonArray()),
            ("tags", tags ? EcsJson.Node(cluster.Tags) : null),
            ("settings", new JsonArray(EcsJson.Object(("name", "containerInsights"), ("value", "disabled")))),
            ("capacityProviders", new JsonArray()),
            ("defaultCapacityProviderStrategy", new JsonArray()));
    }

    public static JsonObject TaskDefinition(TaskDefinitionState definition)
    {
        var result = (JsonObject)definition.Definition.DeepClone();
        result["taskDefinitionArn"] = definition.Arn;
        result["family"] = definition.Family;
        result["revision"] = definition.Revision;
        result["status"] = definition.Status;
        result["registeredAt"] = EcsJson.Time(definition.RegisteredAt);
        if (definition.DeregisteredAt is { } at)
        {
            result["deregisteredAt"] = EcsJson.Time(at);
        }

        result["requiresAttributes"] ??= new JsonArray();
        result["compatibilities"] = EcsJson.Strings(["EC2", "FARGATE"]);
        result["registeredBy"] = "arn:aws:iam::000000000000:root";
        return result;
    }

    public static JsonObject Service(EcsStateData data, ServiceState service, bool tags)
    {
        var tasks = data.Tasks.Values.Where(t => t.ServiceArn == service.Arn && !t.IsStopped && t.DesiredStatus == "RUNNING").ToList();
        var revisions = new[] { service.TargetRevisionArn, service.CurrentRevisionArn }.OfType<string>().Distinct().Select(a => data.Revisions[a]).ToList();
        var deployment = service.CurrentDeploymentArn is { } d ? data.Deployments.GetValueOrDefault(d) : null;
        return EcsJson.Object(
            ("serviceArn", service.Arn),
            ("serviceName", service.Name),
            ("clusterArn", service.ClusterArn),
            ("loadBalancers", EcsJson.Node(service.LoadBalancers)),
            ("serviceRegistries", new JsonArray()),
            ("status", service.Status),
            ("desiredCount", service.DesiredCount),
            ("runningCount", tasks.Count(t => t.LastStatus == "RUNNING")),
            ("pendingCount", tasks.Count(t => t.LastStatus != "RUNNING")),
            ("launchType", service.LaunchType),
            ("platformVersion", service.LaunchType == "FARGATE" ? "LATEST" : null),
            ("platformFamily", service.LaunchType == "FARGATE" ? "Linux" : null),
            ("taskDefinition", service.TaskDefinitionArn),
            ("deploymentConfiguration", EcsJson.Node(service.DeploymentConfiguration)),
            ("deployments", EcsJson.Array(revisions.Select((r, i) => Deployment(data, service, r, i == 0, deployment)))),
            ("events", EcsJson.Array(service.Events.Take(100).Select(e => (JsonNode?)EcsJson.Object(("id", e.Id), ("createdAt", EcsJson.Time(e.CreatedAt)), ("message", e.Message))))),
            ("createdAt", EcsJson.Time(service.CreatedAt)),
            ("createdBy", "arn:aws:iam::000000000000:root"),
            ("placementConstraints", new JsonArray()),
            ("placementStrategy", new JsonArray()),
            ("networkConfiguration", service.NetworkConfiguration?.DeepClone()),
            ("healthCheckGracePeriodSeconds", service.HealthCheckGracePeriodSeconds),
            ("schedulingStrategy", "REPLICA"),
            ("deploymentController", EcsJson.Object(("type", "ECS"))),
            ("enableECSManagedTags", false),
            ("propagateTags", service.PropagateTags ?? "NONE"),
            ("enableExecuteCommand", service.EnableExecuteCommand),
            ("currentServiceDeployment", service.CurrentDeploymentArn),
            ("currentServiceRevisions", EcsJson.Array(revisions.Select(r => (JsonNode?)RevisionCounts(data, service, r, brief: true)))),
            ("tags", tags ? EcsJson.Node(service.Tags) : null));
    }

    public static JsonObject ServiceDeployment(EcsStateData data, ServiceDeploymentState deployment)
    {
        var service = data.Services[deployment.ServiceArn];
        var configuration = deployment.DeploymentConfiguration;
        var target = data.Revisions[deployment.TargetRevisionArn];
        var finished = deployment.IsFinished;
        JsonNode? Summary(ServiceRevisionState revision, double production, double test)
        {
            var counts = RevisionCounts(data, service, revision, brief: false);
            counts["requestedProductionTrafficWeight"] = production;
            counts["requestedTestTrafficWeight"] = test;
            return counts;
        }

        var production = deployment.TargetProductionWeight;
        var testWeight = deployment.TargetTestWeight;
        return EcsJson.Object(
            ("serviceDeploymentArn", deployment.Arn),
            ("serviceArn", deployment.ServiceArn),
            ("clusterArn", deployment.ClusterArn),
            ("createdAt", EcsJson.Time(deployment.CreatedAt)),
            ("startedAt", EcsJson.Time(deployment.StartedAt)),
            ("finishedAt", EcsJson.Time(deployment.FinishedAt)),
            ("stoppedAt", EcsJson.Time(deployment.StoppedAt)),
            ("updatedAt", EcsJson.Time(deployment.UpdatedAt)),
            ("sourceServiceRevisions", EcsJson.Array(deployment.SourceRevisionArns.Select(a => Summary(data.Revisions[a], 100 - production, 100 - testWeight)))),
            ("targetServiceRevision", Summary(target, production, testWeight)),
            ("status", deployment.Status),
            ("statusReason", deployment.StatusReason),
            ("lifecycleStage", deployment.LifecycleStage),
            ("deploymentConfiguration", EcsJson.Node(configuration)),
            ("rollback", deployment.Rollback is { } r
                ? EcsJson.Object(("reason", r.Reason), ("startedAt", EcsJson.Time(r.StartedAt)), ("serviceRevisionArn", r.ServiceRevisionArn))
                : null),
            ("deploymentCircuitBreaker", EcsJson.Object(
                ("status", deployment.CircuitBreakerStatus ?? (configuration.DeploymentCircuitBreaker is { Enable: true } ? finished ? "MONITORING_COMPLETE" : "MONITORING" : "DISABLED")),
                ("failureCount", deployment.FailedTasks),
                ("threshold", deployment.FailureThreshold))),
            ("alarms", EcsJson.Object(
                ("status", deployment.AlarmStatus ?? "DISABLED"),
                ("alarmNames", configuration.Alarms is { } alarms ? EcsJson.Strings(alarms.AlarmNames) : null),
                ("triggeredAlarmNames", EcsJson.Strings(deployment.TriggeredAlarmNames)))),
            ("lifecycleHookDetails", EcsJson.Array(deployment.Hooks.Select(h => (JsonNode?)EcsJson.Object(
                ("hookId", h.HookId),
                ("targetType", h.TargetType),
                ("status", h.Status),
                ("expiresAt", EcsJson.Time(h.ExpiresAt)),
                ("timeoutAction", h.TimeoutAction))))));
    }

    public static JsonObject ServiceDeploymentBrief(ServiceDeploymentState deployment) => EcsJson.Object(
        ("serviceDeploymentArn", deployment.Arn),
        ("serviceArn", deployment.ServiceArn),
        ("clusterArn", deployment.ClusterArn),
        ("targetServiceRevisionArn", deployment.TargetRevisionArn),
        ("status", deployment.Status),
        ("statusReason", deployment.StatusReason),
        ("createdAt", EcsJson.Time(deployment.CreatedAt)),
        ("startedAt", EcsJson.Time(deployment.StartedAt)),
        ("finishedAt", EcsJson.Time(deployment.FinishedAt)));

    public static JsonObject ServiceRevision(ServiceRevisionState revision) => EcsJson.Object(
        ("serviceRevisionArn", revision.Arn),
        ("serviceArn", revision.ServiceArn),
        ("clusterArn", revision.ClusterArn),
        ("taskDefinition", revision.TaskDefinitionArn),
        ("launchType", revision.LaunchType),
        ("platformVersion", revision.LaunchType == "FARGATE" ? "1.4.0" : null),
        ("platformFamily", revision.LaunchType == "FARGATE" ? "Linux" : null),
        ("loadBalancers", EcsJson.Node(revision.LoadBalancers)),
        ("resolvedConfiguration", Resolved(revision)),
        ("serviceRegistries", new JsonArray()),
        ("networkConfiguration", revision.NetworkConfiguration?.DeepClone()),
        ("containerImages", EcsJson.Node(revision.ContainerImages)),
        ("guardDutyEnabled", false),
        ("createdAt", EcsJson.Time(revision.CreatedAt)));

    /// <summary>
    /// The target group each load balancer of the revision serves it from: blue is <c>targetGroupArn</c>, green
    /// <c>alternateTargetGroupArn</c> (ECS alternates them from one deployment to the next).
    /// </summary>
    private static JsonObject? Resolved(ServiceRevisionState revision) =>
        revision.LoadBalancers.Count == 0 ? null : new JsonObject
        {
            ["loadBalancers"] = new JsonArray([.. revision.LoadBalancers.Select(lb => (JsonNode?)EcsJson.Object(
                ("targetGroupArn", revision.Colour == EdgeColour.Green ? lb.AdvancedConfiguration?.AlternateTargetGroupArn ?? lb.TargetGroupArn : lb.TargetGroupArn),
                ("productionListenerRule", lb.AdvancedConfiguration?.ProductionListenerRule)))]),
        };

    public static JsonObject Task(TaskState task) => EcsJson.Object(
        ("taskArn", task.Arn),
        ("clusterArn", task.ClusterArn),
        ("taskDefinitionArn", task.TaskDefinitionArn),
        ("group", task.Group),
        ("startedBy", task.StartedBy),
        ("lastStatus", task.LastStatus),
        ("desiredStatus", task.DesiredStatus),
        ("healthStatus", task.HealthStatus),
        ("connectivity", "CONNECTED"),
        ("connectivityAt", EcsJson.Time(task.CreatedAt)),
        ("createdAt", EcsJson.Time(task.CreatedAt)),
        ("pullStartedAt", EcsJson.Time(task.PullStartedAt)),
        ("pullStoppedAt", EcsJson.Time(task.PullStoppedAt)),
        ("startedAt", EcsJson.Time(task.StartedAt)),
        ("stoppingAt", EcsJson.Time(task.StoppingAt)),
        ("stoppedAt", EcsJson.Time(task.StoppedAt)),
        ("executionStoppedAt", EcsJson.Time(task.ExecutionStoppedAt)),
        ("stopCode", task.StopCode),
        ("stoppedReason", task.StoppedReason),
        ("launchType", task.LaunchType),
        ("platformVersion", task.LaunchType == "FARGATE" ? "1.4.0" : null),
        ("platformFamily", task.LaunchType == "FARGATE" ? "Linux" : null),
        ("availabilityZone", "local"),
        ("cpu", task.Cpu),
        ("memory", task.Memory),
        ("overrides", task.Overrides?.DeepClone()),
        ("attachments", new JsonArray()),
        ("attributes", new JsonArray()),
        ("tags", new JsonArray()),
        ("enableExecuteCommand", false),
        ("version", task.Version),
        ("containers", EcsJson.Array(task.Containers.Select(c => (JsonNode?)EcsJson.Object(
            ("containerArn", c.Arn),
            ("taskArn", task.Arn),
            ("name", c.Name),
            ("image", c.Image),
            ("imageDigest", c.ImageDigest),
            ("runtimeId", c.DockerId),
            ("lastStatus", c.LastStatus),
            ("exitCode", c.ExitCode),
            ("reason", c.Reason),
            ("healthStatus", c.HealthStatus),
            ("networkInterfaces", new JsonArray()),
            ("networkBindings", EcsJson.Array(c.NetworkBindings.Select(b => (JsonNode?)EcsJson.Object(
                ("bindIP", "127.0.0.1"), ("containerPort", b.ContainerPort), ("hostPort", b.HostPort), ("protocol", b.Protocol))))))))));

    public static JsonObject Failure(string arn, string reason, string? detail = null) =>
        EcsJson.Object(("arn", arn), ("reason", reason), ("detail", detail));

    private static JsonObject Deployment(EcsStateData data, ServiceState service, ServiceRevisionState revision, bool primary, ServiceDeploymentState? deployment)
    {
        var counts = RevisionCounts(data, service, revision, brief: true);
        var inProgress = deployment is { IsFinished: false } && revision.Arn == deployment.TargetRevisionArn;
        return EcsJson.Object(
            ("id", "ecs-svc/" + revision.Arn[(revision.Arn.LastIndexOf('/') + 1)..]),
            ("status", primary ? "PRIMARY" : "ACTIVE"),
            ("taskDefinition", revision.TaskDefinitionArn),
            ("desiredCount", counts["requestedTaskCount"]?.DeepClone()),
            ("pendingCount", counts["pendingTaskCount"]?.DeepClone()),
            ("runningCount", counts["runningTaskCount"]?.DeepClone()),
            ("failedTasks", inProgress ? deployment!.FailedTasks : 0),
            ("createdAt", EcsJson.Time(revision.CreatedAt)),
            ("updatedAt", EcsJson.Time(deployment?.UpdatedAt ?? revision.CreatedAt)),
            ("launchType", revision.LaunchType),
            ("rolloutState", inProgress ? "IN_PROGRESS" : deployment is { Status: "STOPPED" or "ROLLBACK_FAILED" } && revision.Arn == deployment.TargetRevisionArn ? "FAILED" : "COMPLETED"),
            ("rolloutStateReason", inProgress ? "ECS deployment in progress." : "ECS deployment completed."),
            ("networkConfiguration", revision.NetworkConfiguration?.DeepClone()));
    }

    private static JsonObject RevisionCounts(EcsStateData data, ServiceState service, ServiceRevisionState revision, bool brief)
    {
        var tasks = data.Tasks.Values.Where(t => t.ServiceRevisionArn == revision.Arn && !t.IsStopped && t.DesiredStatus == "RUNNING").ToList();
        var requested = revision.Arn == service.CurrentRevisionArn || revision.Arn == service.TargetRevisionArn ? service.DesiredCount : 0;
        _ = brief;
        return EcsJson.Object(
            ("arn", revision.Arn),
            ("requestedTaskCount", requested),
            ("runningTaskCount", tasks.Count(t => t.LastStatus == "RUNNING")),
            ("pendingTaskCount", tasks.Count(t => t.LastStatus != "RUNNING")));
    }
}
