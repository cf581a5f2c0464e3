using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;

namespace Build;

/// <summary>A service deployed blue/green to Amazon ECS, rehearsed on the local ECS (./build.sh Deploy --environment rehearsal).</summary>
internal sealed class Build : PipelineBuild, IDeploy, ILocalEcs
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((IDeploy)x).Deploy);

    [Parameter("Loopback port of the rehearsal's production listener (its test listener is the next port)")]
    readonly int ServicePort = 5200;

    AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "Hello" / "Hello.csproj";

    string IImage.ImageRepository => "hello";

    SmokeTests IDeploy.SmokeTests => new SmokeTests().Http("health", "/health", c => c.BodyContains("healthy"));

    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
    [
        new("rehearsal", ((ILocalEcs)this).OnLocalEcs(new EcsPlatformSettings
        {
            Cluster = "hello",
            Service = "hello",
            Region = "us-east-1",
            TaskDefinitionFile = "src/Hello/task-definition.json",
        }, productionPort: ServicePort, testPort: ServicePort + 1)),
    ];
}
