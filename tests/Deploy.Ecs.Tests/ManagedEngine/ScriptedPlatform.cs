using Pipeline.Deploy;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs.Tests.ManagedEngine;

/// <summary>A managed platform whose deployment is a <see cref="ScriptedDeployment"/>; records the order of calls.</summary>
internal sealed class ScriptedPlatform(ScriptedDeployment deployment) : IManagedDeploymentPlatform
{
    public static readonly Uri Production = new("http://127.0.0.1:1/");
    public static readonly Uri Test = new("http://127.0.0.1:2/");

    public string Name => "scripted";

    public List<string> Calls { get; } = [];

    public string? InProgress { get; init; }

    public Exception? MigrationsFailure { get; init; }

    public bool HasMigrations { get; init; } = true;

    public DeploymentPlan? StartedWith { get; private set; }

    public Task<ManagedSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        Calls.Add("reconcile");
        return Task.FromResult(new ManagedSnapshot(new Revision("td:1", new Release("1.0.0", "td:1")), InProgress, Production, Test));
    }

    public Task<Revision> PrepareAsync(Release release, CancellationToken cancellationToken)
    {
        Calls.Add("prepare");
        return Task.FromResult(new Revision("td:2", release));
    }

    public Task RunMigrationsAsync(Revision revision, CancellationToken cancellationToken)
    {
        Calls.Add("migrations");
        return MigrationsFailure is null ? Task.CompletedTask : Task.FromException(MigrationsFailure);
    }

    public Task<IManagedDeployment> StartAsync(Revision revision, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        Calls.Add("start");
        StartedWith = plan;
        return Task.FromResult<IManagedDeployment>(deployment);
    }

    public IManagedDeployment Attach(string deploymentId) => deployment;
}
