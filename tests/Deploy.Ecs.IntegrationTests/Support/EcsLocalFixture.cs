using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Ecs.Local;
using Pipeline.Images;
using Pipeline.Images.Pushing;
using Pipeline.Testing;
using Pipeline.Testing.Images;
using Pipeline.Testing.Requirements;

namespace Pipeline.Deploy.Ecs.IntegrationTests.Support;

/// <summary>
/// One local ECS (in this process, one API minute = <see cref="SecondsPerMinute"/> s, an alarm on the new revision's
/// 5xx) and one registry standing in for ECR, with the offline Debian image pushed to it; the image is deployed by the
/// digest the push returned. Every request the local ECS accepted is in its exchange log.
/// </summary>
public sealed class EcsLocalFixture : IAsyncLifetime
{
    public const string AccessKey = "AKIDECSPLATFORMTESTS";
    public const string AlarmName = "ecs-platform-5xx";
    public const double SecondsPerMinute = 5;

    private readonly RegistryServer registry = new();
    private readonly SemaphoreSlim sampleLock = new(1, 1);
    private string? sampleImage;
    private string? sampleImageId;
    private int checkedLines;

    public string SecretKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ecs-platform-it-{Guid.NewGuid():N}");

    public string ExchangeLog => Path.Combine(StateDirectory, "exchanges.jsonl");

    public Uri Endpoint => Server.Endpoint;

    /// <summary>The pushed image by digest: <c>127.0.0.1:port/ecs-platform-app@sha256:…</c>.</summary>
    public string Image { get; private set; } = "";

    internal EcsLocalServer Server { get; private set; } = null!;

    public AWSCredentials Credentials => new BasicAWSCredentials(AccessKey, SecretKey);

    public async Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Docker) || Availability.Skips(Requirement.Registry))
        {
            return;
        }

        Directory.CreateDirectory(StateDirectory);
        await registry.InitializeAsync();
        using (var docker = DockerConnection.Open())
        using (var client = new RegistryClient())
        {
            var pusher = new ImagePusher(docker, client, NullLogger.Instance);
            var pushed = await pusher.PushAsync(
                TestImages.Debian,
                Pipeline.Images.ImageReference.Parse($"{registry.Host}/ecs-platform-app:{Guid.NewGuid():N}"),
                new RegistryCredentials(registry.Host, registry.Username, registry.Password),
                CancellationToken.None);
            Image = pushed.Pinned;
        }

        Server = await EcsLocalServer.StartAsync(new EcsLocalOptions
        {
            StateDirectory = StateDirectory,
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SecondsPerMinute = SecondsPerMinute,
            ExchangeLog = ExchangeLog,
            TaskFailureThreshold = 2,
            HealthyTimeout = TimeSpan.FromSeconds(40),
            Alarms = new Dictionary<string, string> { [AlarmName] = "5xx > 20% over 3s" },
            Registries = [new RegistryCredential(registry.Host, registry.Username, registry.Password)],
        });
    }

    /// <summary>The sample's image, built once on first use and pushed to the registry: <c>127.0.0.1:port/ecs-platform-sample@sha256:…</c>.</summary>
    public async Task<string> SampleImageAsync()
    {
        await sampleLock.WaitAsync();
        try
        {
            if (sampleImage is null)
            {
                sampleImageId = await SampleImage.BuildAsync("pipeline-ecs-platform-sample", CancellationToken.None);
                using var docker = DockerConnection.Open();
                using var client = new RegistryClient();
                var pushed = await new ImagePusher(docker, client, NullLogger.Instance).PushAsync(
                    sampleImageId,
                    Pipeline.Images.ImageReference.Parse($"{registry.Host}/ecs-platform-sample:{Guid.NewGuid():N}"),
                    new RegistryCredentials(registry.Host, registry.Username, registry.Password),
                    CancellationToken.None);
                sampleImage = pushed.Pinned;
            }

            return sampleImage;
        }
        finally
        {
            sampleLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DownAsync();
        }

        registry.Dispose();
        sampleLock.Dispose();
        if (sampleImageId is not null)
        {
            await RemoveImageAsync(sampleImageId);
        }

        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // an edge still closing a file: /tmp is cleaned anyway
        }
    }

    private static async Task RemoveImageAsync(string id)
    {
        using var removal = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["image", "rm", "-f", id])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await removal.WaitForExitAsync();
    }

    public EcsClient Client() => new(new AwsClientOptions { Region = "us-east-1", ServiceUrl = Endpoint, Credentials = Credentials, MaxRetries = 1 });

    /// <summary>The operations in the exchange log since the last call, after checking each request against the official model (ECS's, CloudWatch's or CloudWatch Logs').</summary>
    public List<string> RequestsSinceLastCheck()
    {
        var ecsModel = ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs));
        var cloudWatchModel = ServiceModel.Load(ModelFiles.PathOf(ModelFiles.CloudWatch));
        var logsModel = ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Logs));
        var lines = File.Exists(ExchangeLog) ? File.ReadAllLines(ExchangeLog) : [];
        var operations = new List<string>();
        var problems = new List<string>();
        for (var i = checkedLines; i < lines.Length; i++)
        {
            using var exchange = JsonDocument.Parse(lines[i]);
            var operation = exchange.RootElement.GetProperty("operation").GetString()!;
            operations.Add(operation);
            var model = new[] { ecsModel, logsModel }.FirstOrDefault(m => m.Operations.Contains(operation)) ?? cloudWatchModel;
            problems.AddRange(ModelConformance.CheckJson(model, model.InputShape(operation), exchange.RootElement.GetProperty("request"))
                .Select(p => $"line {i + 1} {operation}: {p}"));
        }

        checkedLines = lines.Length;
        Assert.True(problems.Count == 0, "requests not valid against the official ECS, CloudWatch and CloudWatch Logs models:\n" + string.Join("\n", problems.Take(30)));
        return operations;
    }
}

/// <summary>The ECS platform tests share one local ECS and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class EcsLocalCollection : ICollectionFixture<EcsLocalFixture>
{
    public const string Name = "ecs platform on the local ECS";
}
