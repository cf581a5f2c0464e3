namespace Pipeline.Aws.Lambda;

/// <summary>Environment variables to set on a function (the model's <c>Environment</c>; they replace all existing ones).</summary>
public sealed record LambdaEnvironment
{
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}

/// <summary>The subnets and security groups of a function in a VPC (the model's <c>VpcConfig</c>; empty lists take it out).</summary>
public sealed record VpcConfig
{
    public IReadOnlyList<string>? SubnetIds { get; init; }

    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    public bool? Ipv6AllowedForDualStack { get; init; }
}
