using Pipeline.Aws.Tests.Conformance;
using Pipeline.Deploy.Ecs.TaskDefinitions;

namespace Pipeline.Deploy.Ecs.Tests.TaskDefinitions;

/// <summary>What the platform ships instead of the model file (deny-list, member table) agrees with the official model.</summary>
public sealed class ModelAgreementTests
{
    private static readonly Lazy<ServiceModel> LazyModel = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs)));

    private static ServiceModel Model => LazyModel.Value;

    [Fact]
    public void The_deny_list_is_exactly_what_describe_returns_and_register_does_not_take()
    {
        var described = Model.Members("TaskDefinition").Keys;
        var registered = Model.Members(Model.InputShape("RegisterTaskDefinition")).Keys;

        var describeOnly = described.Except(registered).Order(StringComparer.Ordinal);

        Assert.Equal(describeOnly, DescribeOnlyMembers.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_shipped_schema_matches_the_model()
    {
        Check(Model.InputShape("RegisterTaskDefinition"), TaskDefinitionSchema.TaskMembers);
        Check("ContainerDefinition", TaskDefinitionSchema.ContainerMembers);
    }

    private static void Check(string shape, IReadOnlyDictionary<string, SchemaMember> shipped)
    {
        var members = Model.Members(shape);
        Assert.Equal(members.Keys.Order(StringComparer.Ordinal), shipped.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, memberShape) in members)
        {
            var type = Model.ShapeType(memberShape);
            var enumShape = type == "list" ? Model.ElementShape(memberShape) : memberShape;
            var values = Model.ShapeType(enumShape) == "string" ? Model.Enum(enumShape) : [];
            Assert.Equal(type, shipped[name].Type);
            Assert.Equal(Model.Required(shape).Contains(name), shipped[name].Required);
            Assert.Equal(values, shipped[name].Enum ?? []);
        }
    }
}
