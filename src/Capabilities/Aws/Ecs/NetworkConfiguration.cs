namespace Pipeline.Aws.Ecs;

/// <summary>The network of <c>awsvpc</c> tasks (Fargate): subnets, security groups, public IP.</summary>
public sealed record NetworkConfiguration
{
    public AwsVpcConfiguration? AwsvpcConfiguration { get; init; }
}

/// <summary>Subnets (required by the model), security groups and <c>assignPublicIp</c> (ENABLED/DISABLED).</summary>
public sealed record AwsVpcConfiguration
{
    public required IReadOnlyList<string> Subnets { get; init; }

    public IReadOnlyList<string>? SecurityGroups { get; init; }

    public string? AssignPublicIp { get; init; }
}
