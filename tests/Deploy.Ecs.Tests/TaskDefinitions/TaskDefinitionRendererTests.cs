using System.Text.Json.Nodes;
using Pipeline.Deploy.Ecs.TaskDefinitions;

namespace Pipeline.Deploy.Ecs.Tests.TaskDefinitions;

public sealed class TaskDefinitionRendererTests : IDisposable
{
    private const string Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private readonly string directory = Directory.CreateTempSubdirectory("ecs-platform-td-").FullName;

    [Fact]
    public void A_file_gets_its_environment_values_and_the_digest_in_the_named_container()
    {
        var file = Write("""
            {
              // comments are allowed
              "family": "api-{{ env }}",
              "cpu": "{{cpu}}",
              "memory": "512",
              "executionRoleArn": "arn:aws:iam::123456789012:role/{{ env }}-execution",
              "containerDefinitions": [
                { "name": "api", "image": "placeholder", "environment": [ { "name": "{{ env }}", "value": "ASPNETCORE_{{ env }}" } ] },
                { "name": "sidecar", "image": "public.ecr.aws/x/y:1" }
              ]
            }
            """);

        var rendered = TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string> { ["env"] = "staging", ["cpu"] = "256" }, "api", Image);

        Assert.Equal("api-staging", rendered.Family);
        Assert.Equal("256", (string?)rendered.Definition["cpu"]);
        Assert.Equal("arn:aws:iam::123456789012:role/staging-execution", (string?)rendered.Definition["executionRoleArn"]);
        Assert.Equal(Image, (string?)rendered.Definition["containerDefinitions"]![0]!["image"]);
        Assert.Equal("ASPNETCORE_staging", (string?)rendered.Definition["containerDefinitions"]![0]!["environment"]![0]!["value"]);
        Assert.Equal("public.ecr.aws/x/y:1", (string?)rendered.Definition["containerDefinitions"]![1]!["image"]);
        Assert.Equal("api", rendered.Container);
    }

    [Fact]
    public void An_unknown_placeholder_names_the_file_the_path_and_the_defined_values()
    {
        var file = Write("""{"family":"api","containerDefinitions":[{"name":"api","image":"x","command":["run","{{ mode }}"]}]}""");

        var error = Assert.Throws<TaskDefinitionException>(() =>
            TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string> { ["env"] = "dev" }, null, Image));

        Assert.Equal($"{file}: $.containerDefinitions[0].command[1] uses {{{{ mode }}}} but the environment defines no such value (it defines env)", error.Message);
    }

    [Fact]
    public void A_member_that_is_not_in_the_model_is_refused_with_file_and_member()
    {
        var file = Write("""{"family":"api","cpuu":"256","containerDefinitions":[{"name":"api","image":"x"}]}""");

        var error = Assert.Throws<TaskDefinitionException>(() => TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string>(), null, Image));

        Assert.Equal($"{file}: $.cpuu is not a member of RegisterTaskDefinition", error.Message);
    }

    [Theory]
    [InlineData("""{"family":"api","cpu":256,"containerDefinitions":[{"name":"api","image":"x"}]}""", "$.cpu must be a JSON string, not the number 256")]
    [InlineData("""{"family":"api","networkMode":"AWSVPC","containerDefinitions":[{"name":"api","image":"x"}]}""", "$.networkMode 'AWSVPC' is not one of bridge, host, awsvpc, none")]
    [InlineData("""{"family":"api","containerDefinitions":[{"name":"api","image":"x","memory":"512"}]}""", "$.containerDefinitions[0].memory must be a whole number, not the string \"512\"")]
    [InlineData("""{"family":"api","containerDefinitions":[{"name":"api","image":"x","Essential":true}]}""", "$.containerDefinitions[0].Essential is not a member of ContainerDefinition (did you mean 'essential'?)")]
    [InlineData("""{"containerDefinitions":[{"name":"api","image":"x"}]}""", "$ lacks 'family', which RegisterTaskDefinition requires (string)")]
    [InlineData("""{"family":"api","containerDefinitions":[]}""", "$.containerDefinitions is empty: a task definition needs at least one container")]
    public void Invalid_files_name_the_member(string json, string problem)
    {
        var file = Write(json);

        var error = Assert.Throws<TaskDefinitionException>(() => TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string>(), "api", Image));

        Assert.StartsWith($"{file}: {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_names_the_line()
    {
        var file = Write("{\n  \"family\": \"api\",\n  \"containerDefinitions\": [\n}\n");

        var error = Assert.Throws<TaskDefinitionException>(() => TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string>(), null, Image));

        Assert.StartsWith($"{file}:4: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_name_that_does_not_exist_lists_the_containers()
    {
        var file = Write("""{"family":"api","containerDefinitions":[{"name":"web","image":"x"},{"name":"log","image":"y"}]}""");

        var unnamed = Assert.Throws<TaskDefinitionException>(() => TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string>(), null, Image));
        var wrong = Assert.Throws<TaskDefinitionException>(() => TaskDefinitionRenderer.FromFile(file, new Dictionary<string, string>(), "api", Image));

        Assert.Equal($"{file}: has 2 containers (web, log): set the container to deploy the image into", unnamed.Message);
        Assert.Equal($"{file}: no container is named 'api' (containers: web, log): fix the container name in the environment's settings", wrong.Message);
    }

    [Fact]
    public void A_running_definition_loses_only_the_describe_only_members_and_keeps_new_ones()
    {
        var described = JsonNode.Parse("""
            {"taskDefinitionArn":"arn:aws:ecs:eu-west-1:1:task-definition/api:7","family":"api","revision":7,"status":"ACTIVE",
             "requiresAttributes":[{"name":"com.amazonaws.ecs.capability.logging-driver.awslogs"}],"compatibilities":["EC2","FARGATE"],
             "registeredAt":1767225600.25,"registeredBy":"arn:aws:sts::1:assumed-role/ci","deregisteredAt":1767225600.25,"deleteRequestedAt":1767225600.25,
             "ipcMode":"task","pidMode":"task","aFutureMember":{"x":1},"networkMode":"awsvpc",
             "containerDefinitions":[{"name":"api","image":"old","aFutureContainerMember":true}]}
            """)!.AsObject();
        var notes = new List<string>();

        var rendered = TaskDefinitionRenderer.FromRunning(described, "arn:aws:ecs:eu-west-1:1:task-definition/api:7", "api", Image, notes.Add);

        Assert.Equal(
            ["aFutureMember", "containerDefinitions", "family", "ipcMode", "networkMode", "pidMode"],
            rendered.Definition.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Image, (string?)rendered.Definition["containerDefinitions"]![0]!["image"]);
        Assert.True((bool)rendered.Definition["containerDefinitions"]![0]!["aFutureContainerMember"]!);
        Assert.Contains(notes, n => n.Contains("$.aFutureMember is not a member of RegisterTaskDefinition; kept as it is", StringComparison.Ordinal));
        Assert.True(described.ContainsKey("revision"), "the described object itself is left unchanged");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(directory, $"task-definition-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
