using System.Text.Json.Serialization;
using Amazon.Runtime;
using Pipeline.Deploy.Environments;
using Pipeline.Workflows.Definition;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// An environment whose service is an AWS Lambda function (a container image) behind an alias: each deploy points the
/// function at a pushed image digest, publishes a version and moves the alias onto it with weighted routing (all at
/// once, canary or linear), gated by smoke tests, the new version's error rate and p99, and the declared CloudWatch
/// alarms. The deploy lock and the deployment history live on the alias (its description, guarded by its RevisionId)
/// and the versions' descriptions: nothing on the deploying machine.
/// </summary>
public sealed record LambdaPlatformSettings : PlatformSettings, IHaveJobCredentials
{
    public required string FunctionName { get; init; }

    /// <summary>The alias production traffic goes through (its function URL, API Gateway integration, event sources).</summary>
    public string Alias { get; init; } = "live";

    /// <summary>The AWS region, e.g. <c>eu-west-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>
    /// The IAM role the deploying job assumes (GitHub OIDC). Pipeline does not assume it: it is named in
    /// <c>AccessDeniedException</c> messages so the missing permission is clear.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>Lambda and CloudWatch endpoint override: the local Lambda (it serves both) or a VPC endpoint; null: the public ones.</summary>
    public Uri? Endpoint { get; init; }

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

    /// <summary>CloudWatch alarm names watched at every step and during bake: one in ALARM rolls the deploy back.</summary>
    public IReadOnlyList<string> Alarms { get; init; } = [];

    /// <summary>Where production reaches the alias (its function URL, an API): the production smoke tests run there. Null: invocations of the alias.</summary>
    public Uri? ProductionUrl { get; init; }

    /// <summary>
    /// An HTTP path the new version must answer with 2xx (invoked directly, as a function URL request) before any
    /// traffic moves, e.g. <c>/health/ready</c>; null: a version is ready once Lambda reports it Active.
    /// </summary>
    public string? ReadinessPath { get; init; }

    /// <summary>The function's environment variables; Pipeline adds PIPELINE_VERSION and PIPELINE_GIT_SHA and owns the whole set.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The CloudWatch period the new version's metrics are read with (60 s on AWS; a local Lambda may scale its minutes).</summary>
    public TimeSpan MetricsPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often Lambda is polled while waiting for an update, a version or the lock.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a deploy's lock on the alias lasts without a heartbeat: a holder that died is taken over after it.</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a deploy waits for another one holding the environment.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Creates the function (and the alias's function URL) on the first Deploy, and lets Down delete it: a rehearsal
    /// environment on the local Lambda, a throw-away test environment. Null (production): infrastructure code owns the function.
    /// </summary>
    public LambdaFunctionBootstrap? CreateIfMissing { get; init; }

    public override string Platform => "lambda";

    /// <summary>Nothing is built on the deploying machine: Lambda runs an image already pushed, given by digest (<c>--image</c>).</summary>
    public override DeployInputs Inputs => DeployInputs.None;

    public override Uri? Url => ProductionUrl;

    public override string? Validate(string environment)
    {
        string? Problem() => this switch
        {
            { FunctionName: var f } when string.IsNullOrWhiteSpace(f) => "the function name is empty",
            { Alias: var a } when string.IsNullOrWhiteSpace(a) || a.All(char.IsAsciiDigit) || a == "$LATEST" =>
                $"the alias '{a}' must be a name (not a version number or $LATEST)",
            { Region: var r } when string.IsNullOrWhiteSpace(r) => "the region is empty",
            { ProductionUrl: { IsAbsoluteUri: false } } => "the production URL is not absolute",
            { ReadinessPath: { } p } when !p.StartsWith('/') => $"the readiness path '{p}' must start with '/'",
            { MetricsPeriod: var m } when m.TotalSeconds < 1 || (m.TotalSeconds > 60 && m.TotalSeconds % 60 != 0) =>
                $"the metrics period {m} is not a CloudWatch period (1, 5, 10, 20, 30 seconds or a multiple of 60)",
            { PollInterval: var p } when p <= TimeSpan.Zero => "the poll interval must be more than 0",
            { LockLease: var l } when l < TimeSpan.FromSeconds(3) => "the lock lease must be 3 seconds or more",
            { LockTimeout: var t } when t < TimeSpan.Zero => "the lock timeout must be 0 or more",
            { CreateIfMissing.ExecutionRole: var role } when !role.StartsWith("arn:", StringComparison.Ordinal) =>
                $"the execution role '{role}' of CreateIfMissing is not a role ARN",
            _ => null,
        };

        return Problem() is { } problem ? $"Lambda environment '{environment}': {problem}" : null;
    }

    public override IPlatformEnvironment Open(EnvironmentContext context) => new LambdaPlatformEnvironment(context, this);
}
