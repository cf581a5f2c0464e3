using System.Text.Json;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests.Rules;

/// <summary>
/// Every operation of every client against its official model: the service's metadata, the members of the input and
/// output types, and — for REST-JSON — where each member travels.
/// </summary>
public sealed class OperationModelTests
{
    public static TheoryData<string> Operations => ServiceCatalog.OperationIds;

    public static TheoryData<string> Services => ServiceCatalog.ServiceIds;

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_metadata_matches_the_model(string serviceId)
    {
        var catalog = ServiceCatalog.Of(serviceId);
        var (model, service) = (catalog.Model, catalog.Service);

        Assert.Equal(model.Metadata("serviceId"), service.ServiceId);
        Assert.Equal(model.HasMetadata("signingName") ? model.Metadata("signingName") : model.Metadata("endpointPrefix"), service.SigningName);
        Assert.Equal(model.Metadata("endpointPrefix"), service.EndpointPrefix);
        Assert.Equal(model.HasMetadata("awsQueryCompatible"), service.QueryCompatible);
        Assert.Contains(service.Protocol == AwsProtocol.Json ? "json" : "rest-json", model.Protocols);
        if (service.Protocol == AwsProtocol.Json)
        {
            Assert.Equal(model.Metadata("targetPrefix"), service.TargetPrefix);
            Assert.Equal(model.Metadata("jsonVersion"), service.JsonVersion);
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Every_member_of_our_types_exists_in_the_operation_shapes(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var model = catalog.Model;

        var problems = ModelConformance.CheckType(model, model.InputShape(operation.Name), operation.InputType, operation.Options, isInput: true, catalog.ReadTypes()).ToList();
        if (model.HasOutput(operation.Name))
        {
            problems.AddRange(ModelConformance.CheckType(model, model.OutputShape(operation.Name), operation.OutputType, operation.Options, isInput: false));
        }
        else if (operation.Options.GetTypeInfo(operation.OutputType).Properties.Count > 0)
        {
            problems.Add($"{operation.Name} has no output in the model, but {operation.OutputType.Name} has members");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_response_with_every_member_of_the_model_deserializes(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var model = catalog.Model;
        var sample = model.HasOutput(operation.Name) ? ModelConformance.SampleJson(model, model.OutputShape(operation.Name))!.ToJsonString() : "{}";

        var parsed = JsonSerializer.Deserialize(sample, operation.Options.GetTypeInfo(operation.OutputType));

        Assert.NotNull(parsed);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void The_http_binding_is_the_models(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var model = catalog.Model;
        var (method, uri) = model.Http(operation.Name);
        if (catalog.Service.Protocol == AwsProtocol.Json)
        {
            Assert.Equal(("POST", "/"), (method, uri));
            Assert.Null(operation.Http);
            return;
        }

        var binding = Assert.IsType<AwsHttpBinding>(operation.Http);
        Assert.Equal(method, binding.Method);
        Assert.Equal(uri, binding.UriTemplate);
        var problems = new List<string>();
        var input = model.InputShape(operation.Name);
        foreach (var member in operation.Options.GetTypeInfo(operation.InputType).Properties.Select(p => p.Name))
        {
            var (location, name) = model.Location(input, member);
            var ours = binding.Labels.Contains(member) ? ("uri", member)
                : binding.Query.TryGetValue(member, out var query) ? ("querystring", query)
                : binding.Headers.TryGetValue(member, out var header) ? ("header", header)
                : ((string?)null, member);
            if (ours != (location, name) && !(location is null && binding.Payload == member && model.Payload(input) == member))
            {
                problems.Add($"input {member}: the model has {location ?? "body"} '{name}', we have {ours.Item1 ?? "body"} '{ours.Item2}'");
            }

            if (location is "querystring" or "header" && model.ShapeType(model.Members(input)[member]) == "timestamp")
            {
                problems.Add($"input {member}: a timestamp in the {location}, which the layout does not format (ISO 8601 / RFC 822)");
            }
        }

        Assert.Equal(model.Payload(input), binding.Payload);
        if (model.HasOutput(operation.Name))
        {
            var output = model.OutputShape(operation.Name);
            foreach (var member in operation.Options.GetTypeInfo(operation.OutputType).Properties.Select(p => p.Name))
            {
                var (location, name) = model.Location(output, member);
                var ours = binding.ResponseHeaders.TryGetValue(member, out var header) ? ("header", header)
                    : binding.ResponseStatusCode == member ? ("statusCode", member)
                    : ((string?)null, member);
                if (ours != (location, name))
                {
                    problems.Add($"output {member}: the model has {location ?? "body"} '{name}', we have {ours.Item1 ?? "body"} '{ours.Item2}'");
                }
            }

            Assert.Equal(model.Payload(output), binding.ResponsePayload);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
