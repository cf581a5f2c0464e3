using Microsoft.Extensions.Logging;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Managed;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// Creates what <see cref="EcsPlatformSettings.CreateIfMissing"/> declares when it is missing: the cluster, the first
/// task definition (rendered and tagged as every release), the migrations task, then the service (blue/green, or rolling when the settings say so) with it,
/// and waits until that first deployment succeeded. Deletes the service on Down.
/// </summary>
internal sealed class EcsServiceBootstrapper(
    EcsPlatformSettings settings, EcsServiceBootstrap bootstrap, EcsPlatform platform, EcsClient ecs, EcsErrors errors, string environment, ILogger logger)
{
    /// <summary>Creates the service with <paramref name="release"/> unless it exists; true when it created it.</summary>
    public async Task<bool> EnsureAsync(Release release, CancellationToken cancellationToken)
    {
        if (await FindAsync(cancellationToken) is not null)
        {
            return false;
        }

        logger.LogInformation("ECS service {Service} does not exist in cluster {Cluster}: creating it with {Version} ({Listeners})",
            settings.Service, settings.Cluster, release.Version, $"production {bootstrap.ProductionListenerRule}, test {bootstrap.TestListenerRule}");
        await errors.CallAsync(() => ecs.CreateClusterAsync(new CreateClusterRequest { ClusterName = settings.Cluster }, cancellationToken));
        var revision = await platform.PrepareAsync(release, cancellationToken);
        await platform.RunMigrationsAsync(revision, cancellationToken);
        var container = platform.PreparedContainer ?? settings.Container
            ?? throw new DeployException($"ECS environment '{environment}': set the container that the load balancer sends traffic to");
        var created = await errors.CallAsync(() => ecs.CreateServiceAsync(new CreateServiceRequest
        {
            Cluster = settings.Cluster,
            ServiceName = settings.Service,
            TaskDefinition = revision.Id,
            DesiredCount = bootstrap.DesiredCount,
            LaunchType = bootstrap.LaunchType,
            NetworkConfiguration = bootstrap.Network(),
            DeploymentConfiguration = settings.Rolling is { } rolling
                ? EcsPlatform.RollingConfiguration(null, rolling, new DeploymentPlan())
                : new DeploymentConfiguration { Strategy = EcsValues.Strategy.BlueGreen, BakeTimeInMinutes = 0 },
            LoadBalancers = [bootstrap.LoadBalancer(container)],
        }, cancellationToken));
        var first = created.Service?.CurrentServiceDeployment
            ?? throw new DeployException($"environment '{environment}': CreateService answered without a service deployment");
        var ended = await errors.CallAsync(() => Poll.UntilAsync(
            async ct => (await ecs.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [first] }, ct)).ServiceDeployments.FirstOrDefault(),
            d => d is not null && !EcsDeploymentState.IsActive(d.Status),
            new PollSchedule(settings.PollInterval, settings.MaxPollInterval, TimeSpan.FromMinutes(10)),
            $"the first deployment of service {settings.Service}",
            cancellationToken,
            d => $"{d?.Status} {d?.LifecycleStage}"));
        if (ended?.Status != EcsValues.DeploymentStatus.Successful)
        {
            throw new DeployException(
                $"creating ECS service '{settings.Service}' in '{settings.Cluster}' with {release.Version} ended {ended?.Status}: {ended?.StatusReason ?? "no reason given"}");
        }

        logger.LogInformation("Created ECS service {Service} on {TaskDefinition}; deploying {Version} through {Strategy} with the smoke tests",
            settings.Service, revision.Id, release.Version, settings.Rolling is null ? "blue/green" : "a rolling update");
        return true;
    }

    /// <summary>Deletes the service (its tasks stop, its listeners close) and waits until ECS says it is gone.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(CancellationToken cancellationToken)
    {
        if (await FindAsync(cancellationToken, drainingToo: true) is null)
        {
            return [$"ECS service {settings.Service} in {settings.Cluster}: does not exist, nothing to take down"];
        }

        await errors.CallAsync(() => ecs.DeleteServiceAsync(
            new DeleteServiceRequest { Cluster = settings.Cluster, Service = settings.Service, Force = true }, cancellationToken));
        await errors.CallAsync(() => Poll.UntilAsync(
            ct => FindAsync(ct, drainingToo: true),
            s => s is null,
            new PollSchedule(settings.PollInterval, settings.MaxPollInterval, TimeSpan.FromMinutes(5)),
            $"service {settings.Service} to be deleted",
            cancellationToken,
            s => s?.Status ?? "gone"));
        return [$"ECS service {settings.Service} in {settings.Cluster}: deleted (its tasks stopped, its listeners closed)"];
    }

    /// <summary>The service unless it is gone (INACTIVE or unknown); a DRAINING one counts only with <paramref name="drainingToo"/>.</summary>
    private async Task<EcsService?> FindAsync(CancellationToken cancellationToken, bool drainingToo = false)
    {
        try
        {
            var found = await ecs.DescribeServicesAsync(
                new DescribeServicesRequest { Cluster = settings.Cluster, Services = [settings.Service] }, cancellationToken);
            return found.Services.FirstOrDefault(s => s.Status != "INACTIVE" && (drainingToo || s.Status != "DRAINING"));
        }
        catch (Pipeline.Aws.AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return null;
        }
    }
}
