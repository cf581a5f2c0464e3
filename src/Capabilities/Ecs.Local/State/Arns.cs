namespace Pipeline.Ecs.Local.State;

/// <summary>ARNs in the shapes Amazon ECS gives them, for the configured region and account.</summary>
internal sealed record Arns(string Region, string Account)
{
    private string Prefix => $"arn:aws:ecs:{Region}:{Account}";

    public string Cluster(string name) => $"{Prefix}:cluster/{name}";

    public string TaskDefinition(string family, int revision) => $"{Prefix}:task-definition/{family}:{revision}";

    public string Service(string cluster, string name) => $"{Prefix}:service/{cluster}/{name}";

    public string ServiceDeployment(string cluster, string service, string id) => $"{Prefix}:service-deployment/{cluster}/{service}/{id}";

    public string ServiceRevision(string cluster, string service, long id) => $"{Prefix}:service-revision/{cluster}/{service}/{id}";

    public string Task(string cluster, string id) => $"{Prefix}:task/{cluster}/{id}";

    public string Container(string cluster, string taskId, string containerId) => $"{Prefix}:container/{cluster}/{taskId}/{containerId}";

    /// <summary>The last segment of an ARN or a plain name: "arn:…:cluster/web" and "web" both give "web".</summary>
    public static string NameOf(string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    public static string NewId() => Guid.NewGuid().ToString("N");
}
