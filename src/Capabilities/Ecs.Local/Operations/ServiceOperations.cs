using System.Text.Json.Nodes;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Ecs.Local.Deployments;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>CreateService, UpdateService, DescribeServices, DeleteService.</summary>
internal sealed class ServiceOperations(
    EcsStore store, Arns arns, ServiceTraffic traffic, DeploymentStarter deployments, TaskRunner tasks, BackgroundWork background, int taskFailureThreshold)
{
    public async Task<JsonObject> CreateServiceAsync(EcsRequest request, CancellationToken cancellationToken)
    {
        var name = request.RequiredString("serviceName");
        if (name.Length > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw EcsException.InvalidParameter("Service name can have up to 255 characters: letters, numbers, hyphens and underscores.");
        }

        var taskDefinition = request.String("taskDefinition") ?? throw EcsException.InvalidParameter("TaskDefinition can not be blank.");
        var configuration = request.Read<DeploymentConfiguration>("deploymentConfiguration") ?? new DeploymentConfiguration();
        var loadBalancers = request.Read<List<LoadBalancer>>("loadBalancers") ?? [];
        var desired = request.Int("desiredCount") ?? 1;
        if (desired < 0)
        {
            throw EcsException.InvalidParameter("desiredCount must be 0 or more.");
        }

        if (request.Read<JsonObject>("deploymentController")?["type"]?.GetValue<string>() is "CODE_DEPLOY" or "EXTERNAL")
        {
            throw new EcsException("UnsupportedFeatureException", "The local ECS only runs the ECS deployment controller.");
        }

        DeploymentValidation.Check(configuration, loadBalancers);
        CheckLoadBalancers(loadBalancers);
        var ports = ListenerPorts.Of(loadBalancers);
        var (cluster, definition) = store.Read(d =>
        {
            var c = d.Cluster(request.String("cluster"));
            if (d.Services.Values.Any(s => s.ClusterArn == c.Arn && s.Name == name && s.Status != "INACTIVE"))
            {
                throw EcsException.InvalidParameter("Creation of service was not idempotent.");
            }

            var t = d.TaskDefinition(taskDefinition);
            return t.Status == "ACTIVE" ? (c, t) : throw EcsException.Client($"TaskDefinition is inactive ({t.Arn}).");
        });
        CheckContainer(definition, loadBalancers);
        var service = new ServiceState
        {
            Name = name,
            Arn = arns.Service(cluster.Name, name),
            ClusterName = cluster.Name,
            ClusterArn = cluster.Arn,
            DesiredCount = desired,
            TaskDefinitionArn = definition.Arn,
            LaunchType = request.String("launchType") ?? "FARGATE",
            DeploymentConfiguration = configuration,
            LoadBalancers = loadBalancers,
            NetworkConfiguration = request.Read<JsonObject>("networkConfiguration"),
            HealthCheckGracePeriodSeconds = request.Int("healthCheckGracePeriodSeconds"),
            PropagateTags = request.String("propagateTags"),
            EnableExecuteCommand = request.Bool("enableExecuteCommand") ?? false,
            CreatedAt = DateTimeOffset.UtcNow,
            Tags = request.Read<List<Tag>>("tags") ?? [],
        };
        if (ports is not null)
        {
            try
            {
                await traffic.EnsureAsync(ServiceId.Of(service), ports, cancellationToken);
            }
            catch (Pipeline.Deploy.Edge.EdgeException e)
            {
                throw EcsException.InvalidParameter($"The load balancer of service {name} cannot listen: {e.Message}");
            }
        }

        return store.Write(d =>
        {
            d.Services[service.Arn] = service;
            var deployment = NewDeployment(d, service, definition, null);
            deployments.Start(deployment.Arn, initial: true);
            return new JsonObject { ["service"] = Views.Service(d, service, tags: true) };
        });
    }

    public JsonObject UpdateService(EcsRequest request)
    {
        var name = request.RequiredString("service");
        var configuration = request.Read<DeploymentConfiguration>("deploymentConfiguration");
        var loadBalancers = request.Read<List<LoadBalancer>>("loadBalancers");
        var desired = request.Int("desiredCount");
        if (desired < 0)
        {
            throw EcsException.InvalidParameter("desiredCount must be 0 or more.");
        }

        var force = request.Bool("forceNewDeployment") ?? false;
        var taskDefinition = request.String("taskDefinition");
        if (loadBalancers is not null)
        {
            CheckLoadBalancers(loadBalancers);
        }

        return store.Write(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var service = d.Service(cluster, name);
            if (service.Status != "ACTIVE")
            {
                throw EcsException.ServiceNotActive();
            }

            var merged = configuration is null ? service.DeploymentConfiguration : Merge(service.DeploymentConfiguration, configuration);
            var newLoadBalancers = loadBalancers ?? service.LoadBalancers;
            DeploymentValidation.Check(merged, newLoadBalancers);
            if (loadBalancers is not null && ListenerPorts.Of(loadBalancers) != ListenerPorts.Of(service.LoadBalancers))
            {
                throw EcsException.InvalidParameter("The local ECS cannot move a service to other listener ports: create a new service for them.");
            }

            var definition = taskDefinition is null ? d.TaskDefinition(service.TaskDefinitionArn) : d.TaskDefinition(taskDefinition);
            if (definition.Status != "ACTIVE" && taskDefinition is not null)
            {
                throw EcsException.Client($"TaskDefinition is inactive ({definition.Arn}).");
            }

            CheckContainer(definition, newLoadBalancers);
            var changed = definition.Arn != service.TaskDefinitionArn || force || (loadBalancers is not null && !loadBalancers.SequenceEqual(service.LoadBalancers));
            service.DeploymentConfiguration = merged;
            service.LoadBalancers = newLoadBalancers;
            service.DesiredCount = desired ?? service.DesiredCount;
            service.HealthCheckGracePeriodSeconds = request.Int("healthCheckGracePeriodSeconds") ?? service.HealthCheckGracePeriodSeconds;
            service.NetworkConfiguration = request.Read<JsonObject>("networkConfiguration") ?? service.NetworkConfiguration;
            if (changed)
            {
                foreach (var running in d.Deployments.Values.Where(x => x.ServiceArn == service.Arn && !x.IsFinished))
                {
                    running.StopRequest ??= "Superseded by a newer service deployment.";
                }

                service.TaskDefinitionArn = definition.Arn;
                var deployment = NewDeployment(d, service, definition, service.CurrentRevisionArn);
                deployments.Start(deployment.Arn, initial: false);
            }

            return new JsonObject { ["service"] = Views.Service(d, service, tags: false) };
        });
    }

    public JsonObject DescribeServices(EcsRequest request)
    {
        var names = request.Strings("services") ?? throw EcsException.InvalidParameter("services can not be empty.");
        if (names.Count is 0 or > 10)
        {
            throw EcsException.InvalidParameter("services must name 1 to 10 services.");
        }

        var tags = request.Strings("include")?.Contains("TAGS") == true;
        return store.Read(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var name in names)
            {
                var service = d.Services.Values.Where(s => s.ClusterArn == cluster.Arn && s.Name == Arns.NameOf(name)).OrderBy(s => s.Status == "INACTIVE").FirstOrDefault();
                if (service is null)
                {
                    failures.Add(Views.Failure(name.StartsWith("arn:", StringComparison.Ordinal) ? name : arns.Service(cluster.Name, name), "MISSING"));
                }
                else
                {
                    found.Add(Views.Service(d, service, tags));
                }
            }

            return new JsonObject { ["services"] = found, ["failures"] = failures };
        });
    }

    public JsonObject DeleteService(EcsRequest request)
    {
        var name = request.RequiredString("service");
        var force = request.Bool("force") ?? false;
        return store.Write(d =>
        {
            var cluster = d.Cluster(request.String("cluster"));
            var service = d.Service(cluster, name);
            if (service.DesiredCount > 0 && !force)
            {
                throw EcsException.InvalidParameter("The service cannot be stopped while it is scaled above 0.");
            }

            service.Status = "DRAINING";
            service.DesiredCount = 0;
            foreach (var running in d.Deployments.Values.Where(x => x.ServiceArn == service.Arn && !x.IsFinished))
            {
                running.StopRequest ??= "Superseded: the service is being deleted.";
            }

            var result = new JsonObject { ["service"] = Views.Service(d, service, tags: false) };
            background.Run(ct => DrainAsync(service, ct));
            return result;
        });
    }

    private async Task DrainAsync(ServiceState service, CancellationToken cancellationToken)
    {
        while (store.Read(d => d.Deployments.Values.Any(x => x.ServiceArn == service.Arn && !x.IsFinished)))
        {
            await Task.Delay(100, cancellationToken);
        }

        foreach (var task in store.Read(d => d.Tasks.Values.Where(t => t.ServiceArn == service.Arn && !t.IsStopped).ToList()))
        {
            await tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", $"Service {service.Name} deleted", cancellationToken);
        }

        await traffic.RemoveAsync(ServiceId.Of(service), cancellationToken);
        store.Write(_ => service.Status = "INACTIVE");
    }

    private ServiceDeploymentState NewDeployment(EcsStateData data, ServiceState service, TaskDefinitionState definition, string? source)
    {
        var now = DateTimeOffset.UtcNow;
        var revision = new ServiceRevisionState
        {
            Arn = arns.ServiceRevision(service.ClusterName, service.Name, service.NextRevisionId++ + (service.CreatedAt.ToUnixTimeSeconds() * 1000)),
            ServiceArn = service.Arn,
            ClusterArn = service.ClusterArn,
            TaskDefinitionArn = definition.Arn,
            LaunchType = service.LaunchType,
            LoadBalancers = service.LoadBalancers,
            NetworkConfiguration = service.NetworkConfiguration?.DeepClone(),
            CreatedAt = now,
            Colour = source is null ? Pipeline.Deploy.Edge.EdgeColour.Blue : Pipeline.Deploy.Edge.EdgeColours.Other(data.Revisions[source].Colour),
            ContainerImages = [.. ContainerDefinition.AllOf(definition.Definition).Select(c => new ContainerImage(c.Name, c.Image, c.Image?.Contains('@', StringComparison.Ordinal) == true ? c.Image[(c.Image.IndexOf('@', StringComparison.Ordinal) + 1)..] : null))],
        };
        data.Revisions[revision.Arn] = revision;
        var id = Arns.NewId()[..20];
        var deployment = new ServiceDeploymentState
        {
            Arn = arns.ServiceDeployment(service.ClusterName, service.Name, id),
            ServiceArn = service.Arn,
            ServiceName = service.Name,
            ClusterArn = service.ClusterArn,
            ClusterName = service.ClusterName,
            CreatedAt = now,
            UpdatedAt = now,
            TargetRevisionArn = revision.Arn,
            SourceRevisionArns = source is null ? [] : [source],
            DeploymentConfiguration = service.DeploymentConfiguration,
            DesiredCount = service.DesiredCount,
            FailureThreshold = taskFailureThreshold,
            AlarmStatus = "DISABLED",
        };
        data.Deployments[deployment.Arn] = deployment;
        service.CurrentDeploymentArn = deployment.Arn;
        return deployment;
    }

    private static DeploymentConfiguration Merge(DeploymentConfiguration old, DeploymentConfiguration given) => old with
    {
        Strategy = given.Strategy ?? old.Strategy,
        BakeTimeInMinutes = given.BakeTimeInMinutes ?? old.BakeTimeInMinutes,
        MaximumPercent = given.MaximumPercent ?? old.MaximumPercent,
        MinimumHealthyPercent = given.MinimumHealthyPercent ?? old.MinimumHealthyPercent,
        DeploymentCircuitBreaker = given.DeploymentCircuitBreaker ?? old.DeploymentCircuitBreaker,
        Alarms = given.Alarms ?? old.Alarms,
        LifecycleHooks = given.LifecycleHooks ?? old.LifecycleHooks,
        LinearConfiguration = given.LinearConfiguration ?? old.LinearConfiguration,
        CanaryConfiguration = given.CanaryConfiguration ?? old.CanaryConfiguration,
    };

    private static void CheckLoadBalancers(IReadOnlyList<LoadBalancer> loadBalancers)
    {
        if (loadBalancers.Count > 1)
        {
            throw new EcsException("UnsupportedFeatureException", "The local ECS serves one load balancer per service.");
        }

        if (loadBalancers is [var lb] && (lb.ContainerName is null || lb.ContainerPort is null))
        {
            throw EcsException.InvalidParameter("loadBalancers[0] needs containerName and containerPort.");
        }

        _ = ListenerPorts.Of(loadBalancers);
    }

    private static void CheckContainer(TaskDefinitionState definition, IReadOnlyList<LoadBalancer> loadBalancers)
    {
        if (loadBalancers is not [var lb])
        {
            return;
        }

        var container = ContainerDefinition.AllOf(definition.Definition).FirstOrDefault(c => c.Name == lb.ContainerName);
        if (container is null || !(container.PortMappings ?? []).Any(p => p.ContainerPort == lb.ContainerPort))
        {
            throw EcsException.InvalidParameter(
                $"The container {lb.ContainerName} did not have a container port {lb.ContainerPort} defined.");
        }
    }
}
