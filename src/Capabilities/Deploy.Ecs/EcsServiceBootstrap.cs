using System.Globalization;
using Pipeline.Aws.Ecs;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// How Pipeline creates the cluster and a blue/green service when they do not exist yet — for a rehearsal environment
/// on the local ECS or a throw-away test environment, never for an environment whose service infrastructure code owns.
/// The first Deploy creates the service with its release (CreateService, after the migrations task) and then deploys
/// that release through blue/green as every later Deploy does; Down deletes the service again.
/// </summary>
public sealed record EcsServiceBootstrap
{
    public required string TargetGroup { get; init; }

    public required string AlternateTargetGroup { get; init; }

    public required string ProductionListenerRule { get; init; }

    public required string TestListenerRule { get; init; }

    /// <summary>The role ECS uses to move the listener rules (advancedConfiguration.roleArn).</summary>
    public required string InfrastructureRole { get; init; }

    /// <summary>The port the container listens on, behind both target groups.</summary>
    public int ContainerPort { get; init; } = 8080;

    public int DesiredCount { get; init; } = 1;

    public string LaunchType { get; init; } = "FARGATE";

    public IReadOnlyList<string> Subnets { get; init; } = ["subnet-local"];

    /// <summary>
    /// A service on the local ECS, whose listeners are the loopback ports at the end of the listener rule ARNs
    /// (docs/local-ecs.md): production on <paramref name="productionPort"/>, test traffic on <paramref name="testPort"/>.
    /// </summary>
    public static EcsServiceBootstrap OnLocalEcs(int productionPort, int testPort, string region = "us-east-1", int containerPort = 8080)
    {
        var elb = $"arn:aws:elasticloadbalancing:{region}:000000000000";
        return new EcsServiceBootstrap
        {
            // one pair of target groups per production listener: their CloudWatch metrics are the service's alone
            TargetGroup = $"{elb}:targetgroup/blue-{productionPort.ToString(CultureInfo.InvariantCulture)}/1",
            AlternateTargetGroup = $"{elb}:targetgroup/green-{productionPort.ToString(CultureInfo.InvariantCulture)}/2",
            ProductionListenerRule = $"{elb}:listener-rule/app/local/prod/{productionPort.ToString(CultureInfo.InvariantCulture)}",
            TestListenerRule = $"{elb}:listener-rule/app/local/test/{testPort.ToString(CultureInfo.InvariantCulture)}",
            InfrastructureRole = "arn:aws:iam::000000000000:role/ecsInfrastructureRole",
            ContainerPort = containerPort,
        };
    }

    public NetworkConfiguration Network() => new() { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = Subnets } };

    public LoadBalancer LoadBalancer(string container) => new()
    {
        TargetGroupArn = TargetGroup,
        ContainerName = container,
        ContainerPort = ContainerPort,
        AdvancedConfiguration = new AdvancedConfiguration
        {
            AlternateTargetGroupArn = AlternateTargetGroup,
            ProductionListenerRule = ProductionListenerRule,
            TestListenerRule = TestListenerRule,
            RoleArn = InfrastructureRole,
        },
    };
}
