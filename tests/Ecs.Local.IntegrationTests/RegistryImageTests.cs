using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Images;
using Pipeline.Images.Pushing;
using Pipeline.Testing;
using Pipeline.Testing.Images;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>A task image by digest from a registry that needs credentials (as the ECR-style one the images capability pushes to).</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class RegistryImageTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_task_pulls_its_image_by_digest_with_the_configured_registry_credentials()
    {
        using var registry = new RegistryServer();
        await registry.InitializeAsync();
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var target = ImageReference.Parse($"{registry.Host}/ecs-local/job:{tag}");
        var pushed = await new ImagePusher(docker, registryClient, NullLogger.Instance)
            .PushAsync(TestImages.Debian, target, new RegistryCredentials(registry.Host, registry.Username, registry.Password), CancellationToken.None);
        var pinned = $"{registry.Host}/ecs-local/job@{pushed.Digest}";
        await docker.Client.Images.DeleteImageAsync(target.ToString(), new Docker.DotNet.Models.ImageDeleteParameters(), CancellationToken.None);

        var dir = Path.Combine(Path.GetTempPath(), $"ecs-local-registry-{Guid.NewGuid():N}");
        await using var server = await EcsLocalServer.StartAsync(ecs.Options(dir, ecs.ExchangeLog) with
        {
            Registries = [new RegistryCredential(registry.Host, registry.Username, registry.Password)],
        });
        using var client = new AwsJsonClient(AwsService.Ecs, new AwsClientOptions
        {
            Region = "us-east-1",
            ServiceUrl = server.Endpoint,
            Credentials = new BasicAWSCredentials(LocalEcsFixture.AccessKey, ecs.SecretKey),
            MaxRetries = 0,
        });
        var type = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject>)System.Text.Json.JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject));
        Task<JsonObject> Call(string operation, JsonObject request) => client.SendAsync(operation, request, type, type, CancellationToken.None);
        try
        {
            await Call("CreateCluster", new JsonObject { ["clusterName"] = "registry" });
            var definition = TaskDefinitions.Job("registry", "test -f /etc/debian_version");
            definition["containerDefinitions"]![0]!["image"] = pinned;
            await Call("RegisterTaskDefinition", definition);
            var arn = (await Call("RunTask", new JsonObject { ["cluster"] = "registry", ["taskDefinition"] = "registry" }))["tasks"]![0]!["taskArn"]!.GetValue<string>();

            var task = await Poll.UntilAsync(
                async _ => (await Call("DescribeTasks", new JsonObject { ["cluster"] = "registry", ["tasks"] = new JsonArray(arn) }))["tasks"]![0]!,
                t => t["lastStatus"]!.GetValue<string>() == "STOPPED",
                PollSchedule.Every(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(90)),
                $"task {arn} to stop",
                CancellationToken.None,
                t => t.ToJsonString());

            Assert.True(task["stopCode"]!.GetValue<string>() == "EssentialContainerExited", task.ToJsonString());
            Assert.Equal(0, task["containers"]![0]!["exitCode"]!.GetValue<int>());
            Assert.Equal(pinned, task["containers"]![0]!["image"]!.GetValue<string>());
            Assert.Contains(registry.AccessLog, l => l.Contains("/v2/ecs-local/job/manifests/" + pushed.Digest, StringComparison.Ordinal));
        }
        finally
        {
            await server.DownAsync();
            await docker.Client.Images.DeleteImageAsync(pinned, new Docker.DotNet.Models.ImageDeleteParameters(), CancellationToken.None)
                .ContinueWith(_ => { }, TaskScheduler.Default);
            Directory.Delete(dir, recursive: true);
        }

        ecs.AssertExchangesConform();
    }
}
