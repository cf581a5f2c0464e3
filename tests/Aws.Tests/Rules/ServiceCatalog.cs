using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecr;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Lambda;
using Pipeline.Aws.Logs;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests.Rules;

/// <summary>
/// Every service the client speaks, its official model and the operations the client implements: what the rule tests
/// walk, so an operation added to a client is held to every rule without a line here.
/// </summary>
internal sealed record ServiceCatalog(AwsService Service, string ModelFile, IReadOnlyList<IAwsOperation> Operations)
{
    private static readonly ConcurrentDictionary<string, ServiceModel> Models = new(StringComparer.Ordinal);

    public static IReadOnlyList<ServiceCatalog> All { get; } =
    [
        new(AwsService.Ecs, ModelFiles.Ecs, EcsOperations.All),
        new(AwsService.Ecr, ModelFiles.Ecr, EcrOperations.All),
        new(AwsService.Lambda, ModelFiles.Lambda, LambdaOperations.All),
        new(AwsService.CloudWatch, ModelFiles.CloudWatch, CloudWatchOperations.All),
        new(AwsService.Logs, ModelFiles.Logs, LogsOperations.All),
    ];

    public ServiceModel Model => Models.GetOrAdd(ModelFile, file => ServiceModel.Load(ModelFiles.PathOf(file)));

    /// <summary>"ECS RunTask" for every operation of every service: theory data.</summary>
    public static TheoryData<string> OperationIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var service in All)
            {
                foreach (var operation in service.Operations)
                {
                    data.Add($"{service.Service.ServiceId} {operation.Name}");
                }
            }

            return data;
        }
    }

    public static TheoryData<string> ServiceIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var service in All)
            {
                data.Add(service.Service.ServiceId);
            }

            return data;
        }
    }

    public static ServiceCatalog Of(string serviceId) => All.Single(s => s.Service.ServiceId == serviceId);

    public static (ServiceCatalog Service, IAwsOperation Operation) Find(string operationId)
    {
        // A service id may have spaces (CloudWatch Logs); an operation name has none.
        var space = operationId.LastIndexOf(' ');
        var (serviceId, name) = (operationId[..space], operationId[(space + 1)..]);
        var service = Of(serviceId);
        return (service, service.Operations.Single(o => o.Name == name));
    }

    /// <summary>Record types reachable from the operations' outputs: read from answers, so parsed leniently.</summary>
    public IReadOnlySet<Type> ReadTypes() => Reachable(Operations.Select(o => (o.OutputType, o.Options)));

    /// <summary>Record types reachable from the operations' inputs: sent.</summary>
    public IReadOnlySet<Type> SentTypes() => Reachable(Operations.Select(o => (o.InputType, o.Options)));

    private static HashSet<Type> Reachable(IEnumerable<(Type Type, System.Text.Json.JsonSerializerOptions Options)> roots)
    {
        var found = new HashSet<Type>();
        foreach (var (type, options) in roots)
        {
            Walk(type, options, found);
        }

        return found;
    }

    private static void Walk(Type type, System.Text.Json.JsonSerializerOptions options, HashSet<Type> found)
    {
        var clr = Nullable.GetUnderlyingType(type) ?? type;
        if (clr.IsPrimitive || clr == typeof(string) || clr.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !clr.IsGenericType)
        {
            return;
        }

        var info = options.GetTypeInfo(clr);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when found.Add(clr):
                foreach (var property in info.Properties.Where(p => !p.IsExtensionData))
                {
                    Walk(property.PropertyType, options, found);
                }

                break;
            case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary:
                Walk(info.ElementType!, options, found);
                break;
        }
    }
}
