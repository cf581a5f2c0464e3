namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>DeleteService</c> (rehearsal environments that Pipeline created; <c>force</c> deletes a service still scaled up).</summary>
public sealed record DeleteServiceRequest
{
    public string? Cluster { get; init; }

    public required string Service { get; init; }

    public bool? Force { get; init; }
}

/// <summary>Output of ECS <c>DeleteService</c>.</summary>
public sealed record DeleteServiceResponse
{
    public EcsService? Service { get; init; }
}
