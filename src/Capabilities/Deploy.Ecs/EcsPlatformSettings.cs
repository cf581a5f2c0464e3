using System.Text.Json.Serialization;
using Amazon.Runtime;
using Pipeline.Deploy.Environments;
using Pipeline.Workflows.Definition;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// An environment whose service runs on Amazon ECS and deploys with ECS's native blue/green, linear or canary
/// strategy, gated by Pipeline's smoke tests through <c>PAUSE</c> lifecycle hooks. The service (load balancer with
/// alternate target group and listener rules, network) is set up by infrastructure code; Pipeline registers task
/// definitions, runs the migrations task and starts, watches, continues and rolls back deployments.
/// </summary>
public sealed record EcsPlatformSettings : PlatformSettings, IHaveJobCredentials
{
    public required string Cluster { get; init; }

    public required string Service { get; init; }

    /// <summary>The AWS region, e.g. <c>eu-west-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>
    /// The IAM role the deploying job assumes (GitHub OIDC, <c>aws-actions/configure-aws-credentials</c>). Pipeline does
    /// not assume it itself: it is named in <c>AccessDeniedException</c> messages so the missing permission is clear.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>The container of the task definition that runs the pushed image; null when the task has one container.</summary>
    public string? Container { get; init; }

    /// <summary>
    /// A task definition file in the repository (RegisterTaskDefinition JSON with <c>{{ name }}</c> values from
    /// <see cref="Variables"/>), relative to the repository root; null renders from the service's running task definition.
    /// </summary>
    public string? TaskDefinitionFile { get; init; }

    /// <summary>The values of <c>{{ name }}</c> placeholders in <see cref="TaskDefinitionFile"/> for this environment.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The command of the one-off migrations task (container command override); null or empty runs none.</summary>
    public IReadOnlyList<string>? MigrationsCommand { get; init; }

    /// <summary>How long the migrations task may take to stop.</summary>
    public TimeSpan MigrationsTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Where test traffic reaches the new revision (the test listener): smoke tests at POST_TEST_TRAFFIC_SHIFT.</summary>
    public Uri? TestUrl { get; init; }

    /// <summary>Where production traffic reaches the service: smoke tests at POST_PRODUCTION_TRAFFIC_SHIFT.</summary>
    public Uri? ProductionUrl { get; init; }

    /// <summary>
    /// Null (the default): ECS native blue/green (or linear, canary) with smoke tests at the test listener first. Set:
    /// ECS rolling updates with these percents and the circuit breaker; smoke tests run against <see cref="ProductionUrl"/>
    /// after the update, and a failure deploys the previous task definition again.
    /// </summary>
    public EcsRollingUpdate? Rolling { get; init; }

    /// <summary>CloudWatch alarm names that roll the deployment back (deploymentConfiguration.alarms).</summary>
    public IReadOnlyList<string> Alarms { get; init; } = [];

    /// <summary>
    /// Declares CloudWatch alarms from the deploy's bake thresholds (error rate, p99 latency) on the load balancer
    /// metrics of the new revision's target group and names them in <c>deploymentConfiguration.alarms</c> with
    /// <see cref="Alarms"/>: ECS rolls back when one goes into ALARM, and Pipeline watches them too. Needs
    /// <c>cloudwatch:PutMetricAlarm</c>, <c>cloudwatch:DescribeAlarms</c>, <c>cloudwatch:SetAlarmState</c> (set to OK
    /// before the deployment) and <c>cloudwatch:DeleteAlarms</c> (older ones). False: only <see cref="Alarms"/> judge the
    /// bake (none: nobody, as the record says).
    /// </summary>
    public bool BakeAlarms { get; init; } = true;

    /// <summary>CloudWatch endpoint override (the local ECS serves CloudWatch on its own endpoint); null: AWS_ENDPOINT_URL_CLOUDWATCH (as botocore names it), then the public one.</summary>
    public Uri? CloudWatchEndpoint { get; init; }

    /// <summary>
    /// CloudWatch Logs endpoint override (the local ECS serves it on its own endpoint), where a failed migrations task's
    /// output is read (<c>logs:GetLogEvents</c>); null: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS (as botocore names it), then the public one.
    /// </summary>
    public Uri? LogsEndpoint { get; init; }

    /// <summary>
    /// How long one ECS minute lasts (bake, step bakes, gate timeout are whole minutes in the API): a minute in AWS; on
    /// the local ECS, what its seconds-per-minute says, so that a rehearsal bakes as long as asked.
    /// </summary>
    public TimeSpan MinuteLength { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>ECS endpoint override: the local ECS (<c>http://127.0.0.1:4599/</c>) or a VPC endpoint; null: AWS_ENDPOINT_URL_ECS, then the public one.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>ECR endpoint override for the digest pre-flight (an ECR stand-in); null: the public one, checked only for ECR image hosts.</summary>
    public Uri? EcrEndpoint { get; init; }

    /// <summary>Explicit credentials (tests, rehearsal); null: the SDK chain (environment, OIDC web identity, profiles). Never serialized.</summary>
    [JsonIgnore]
    public AWSCredentials? Credentials { get; init; }

    /// <summary>
    /// How the generated deploy job gets the credentials the SDK chain reads: by default GitHub's OIDC token for the role
    /// and region the GitHub environment's variables name (<see cref="AwsRole.FromVariables"/>); null: the job signs in
    /// to nothing (a rehearsal on a stand-in). Never serialized.
    /// </summary>
    [JsonIgnore]
    public JobCredentials? JobCredentials { get; init; } = AwsRole.FromVariables;

    /// <summary>How long ECS waits at a gate for Pipeline before it rolls back by itself (hook timeout, 1 min to 14 days).</summary>
    public TimeSpan GateTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often DescribeServiceDeployments is polled while watching (backing off to <see cref="MaxPollInterval"/>).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Creates the cluster and a blue/green service when missing (the first Deploy) and deletes the service on Down: a
    /// rehearsal environment on the local ECS, a throw-away test environment. Null (production): infrastructure code owns them.
    /// </summary>
    public EcsServiceBootstrap? CreateIfMissing { get; init; }

    /// <summary>
    /// Where the image comes from when Deploy is not given one (<c>--image</c>): a rehearsal environment builds and
    /// pushes it to a registry the local ECS pulls from and answers <c>repository@sha256:…</c>. Null: <c>--image</c> is required.
    /// </summary>
    [JsonIgnore]
    public Func<DeploySpec, CancellationToken, Task<string>>? ImageSource { get; init; }

    /// <summary>Lets <c>Down</c> scale the service to 0 tasks (rehearsal environments); production refuses.</summary>
    public bool AllowDown { get; init; }

    public override string Platform => "ecs";

    /// <summary>Nothing is built on the deploying machine: ECS runs an image already pushed, given by digest (<c>--image</c>).</summary>
    public override DeployInputs Inputs => DeployInputs.None;

    public override Uri? Url => ProductionUrl;

    public override string? Validate(string environment)
    {
        string? Problem() => this switch
        {
            { Cluster: var c } when string.IsNullOrWhiteSpace(c) => "the cluster is empty",
            { Service: var s } when string.IsNullOrWhiteSpace(s) => "the service is empty",
            { Region: var r } when string.IsNullOrWhiteSpace(r) => "the region is empty",
            { TestUrl: { IsAbsoluteUri: false } } => "the test URL is not absolute",
            { ProductionUrl: { IsAbsoluteUri: false } } => "the production URL is not absolute",
            { GateTimeout: var g } when g < TimeSpan.FromMinutes(1) || g > TimeSpan.FromMinutes(20160) =>
                $"the gate timeout {g} is outside ECS's 1 minute to 14 days",
            { PollInterval: var p } when p <= TimeSpan.Zero => "the poll interval must be more than 0",
            { MaxPollInterval: var m } when m < PollInterval => "the max poll interval is shorter than the poll interval",
            { MinuteLength: var l } when l <= TimeSpan.Zero => "the minute length must be more than 0",
            { MigrationsTimeout: var t } when t <= TimeSpan.Zero => "the migrations timeout must be more than 0",
            { Rolling: { } rolling } when rolling.Problem() is { } problem => problem,
            { TaskDefinitionFile: { } f } when Path.IsPathRooted(f) => $"the task definition file '{f}' must be relative to the repository root",
            _ => null,
        };

        return Problem() is { } problem ? $"ECS environment '{environment}': {problem}" : null;
    }

    public override IPlatformEnvironment Open(EnvironmentContext context) => new EcsPlatformEnvironment(context, this);
}
