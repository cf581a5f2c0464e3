using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Ecs.Local;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Images;
using Testcontainers.PostgreSql;

namespace Pipeline.Testing.Workflows.Delivery;

/// <summary>
/// What this machine offers the delivery workflow instead of AWS: moto for the ECR API with a real registry behind it
/// (moto's token is the registry's password), the local ECS (in this process, in the declaration's region, pulling from
/// that registry), one PostgreSQL the services' tasks reach on the Docker network (a database per environment, as RDS
/// would be), and the placeholder image infrastructure code starts a service with before the first release.
/// </summary>
public sealed class DeliveryStandIns : IAsyncDisposable
{
    public const string Region = "eu-west-1";
    public const string AccessKey = "AKIDDELIVERYRUNNER";
    public const string DatabasePassword = "delivery";

    private readonly string secretKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly string stateDirectory = Path.Combine(Path.GetTempPath(), $"delivery-ecs-{Guid.NewGuid():N}");

    private DeliveryStandIns()
    {
    }

    public RegistryServer Registry { get; } = new() { Username = "AWS", Password = MotoServer.EcrAuthorizationPassword(MotoServer.DefaultAccountId) };

    public MotoServer Moto { get; } = new();

    public EcsLocalServer Ecs { get; private set; } = null!;

    public PostgreSqlContainer Postgres { get; private set; } = null!;

    /// <summary>An HTTP server on 8080 answering 200 to everything: the service's first task definition runs it.</summary>
    public string PlaceholderImage { get; } = $"delivery-placeholder:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The credentials the configure-aws-credentials stand-in exports: signed requests the local ECS accepts (moto accepts any).</summary>
    public IReadOnlyDictionary<string, string> AwsCredentials => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secretKey,
    };

    /// <summary>
    /// The runner's environment: where the AWS endpoints are (AWS_ENDPOINT_URL_&lt;SERVICE&gt;, as for a VPC endpoint:
    /// ECS, CloudWatch and CloudWatch Logs on the local ECS, ECR on moto),
    /// the registry ECR's token is for (Push's --ecr-registry-override), the offline base image, and the Docker engine.
    /// Each job's clone compiles the build project once and runs a handful of targets: compiling it ahead of time
    /// (ReadyToRun) would cost more than it saves there, so the runner turns it off as a runner image may.
    /// </summary>
    public IReadOnlyDictionary<string, string> MachineVariables
    {
        get
        {
            var variables = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_ECS"] = Ecs.Endpoint.ToString(),

                // The local ECS serves CloudWatch (the bake alarms a deploy declares, which its deployments read) and
                // CloudWatch Logs (a migrations task's output), as ECS reads the account's own CloudWatch.
                ["AWS_ENDPOINT_URL_CLOUDWATCH"] = Ecs.Endpoint.ToString(),
                ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = Ecs.Endpoint.ToString(),
                ["AWS_ENDPOINT_URL_ECR"] = Moto.Endpoint.ToString(),
                ["PIPELINE_ECR_REGISTRY_OVERRIDE"] = Registry.Endpoint.ToString(),
                ["PIPELINE_ASPNET_IMAGE"] = TestImages.AspNet,
                ["PIPELINE_READY_TO_RUN"] = "0",
            };
            foreach (var name in new[] { "DOCKER_HOST", "DOCKER_API_VERSION" })
            {
                if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
                {
                    variables[name] = value;
                }
            }

            return variables;
        }
    }

    /// <summary>The aws CLI against the local ECS.</summary>
    public AwsCli EcsCli => new(Ecs.Endpoint, Region, AccessKey, secretKey);

    /// <summary>The aws CLI against moto.</summary>
    public AwsCli EcrCli => new(Moto.Endpoint, Region, AccessKey, secretKey);

    public static async Task<DeliveryStandIns> StartAsync()
    {
        var standIns = new DeliveryStandIns();
        try
        {
            await DockerApiVersion.EnsureNegotiatedAsync();
            standIns.Postgres = new PostgreSqlBuilder(TestImages.Postgres)
                .WithName($"delivery-postgres-{Guid.NewGuid().ToString("N")[..8]}")
                .WithPassword(DatabasePassword)
                .Build();
            await Task.WhenAll(
                standIns.Registry.InitializeAsync(),
                standIns.Moto.InitializeAsync(),
                standIns.Postgres.StartAsync(),
                BuildPlaceholderAsync(standIns.PlaceholderImage));
            Directory.CreateDirectory(standIns.stateDirectory);
            standIns.Ecs = await EcsLocalServer.StartAsync(new EcsLocalOptions
            {
                StateDirectory = standIns.stateDirectory,
                AccessKey = AccessKey,
                SecretKey = standIns.secretKey,
                Region = Region,
                SecondsPerMinute = 3,
                HealthyTimeout = TimeSpan.FromSeconds(90),
                Registries = [new RegistryCredential(standIns.Registry.Host, standIns.Registry.Username, standIns.Registry.Password)],
            });
            return standIns;
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string the service's tasks use for <paramref name="environment"/>'s own database (created here).</summary>
    public async Task<string> CreateDatabaseAsync(string environment)
    {
        var database = $"sample_{environment}";
        await CreateDatabaseNamedAsync(database);
        return $"Host={Postgres.IpAddress};Port=5432;Database={database};Username=postgres;Password={DatabasePassword}";
    }

    /// <summary>A new database <paramref name="database"/> as a <c>postgresql://</c> URL the tasks reach (libpq, SQLAlchemy, Alembic).</summary>
    public async Task<string> CreateDatabaseUrlAsync(string database)
    {
        await CreateDatabaseNamedAsync(database);
        return $"postgresql://postgres:{DatabasePassword}@{Postgres.IpAddress}:5432/{database}";
    }

    private async Task CreateDatabaseNamedAsync(string database)
    {
        var created = await Postgres.ExecScriptAsync($"CREATE DATABASE {database};");
        Assert.True(created.ExitCode == 0, $"CREATE DATABASE {database}: {created.Stderr}");
    }

    /// <summary>Whether the registry holds <paramref name="image"/> (<c>host/repository@sha256:…</c>), asked as ECS would pull it.</summary>
    public async Task<bool> RegistryHoldsAsync(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var repository = image[(image.IndexOf('/', StringComparison.Ordinal) + 1)..at];
        using var http = new HttpClient { BaseAddress = Registry.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{image[(at + 1)..]}");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Registry.Username}:{Registry.Password}")));
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Ecs is not null)
        {
            await Ecs.DownAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        Registry.Dispose();
        Moto.Dispose();
        await Docker(["rmi", "-f", PlaceholderImage], stdin: null);
        try
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // an edge still closing a file: /tmp is cleaned anyway
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static Task BuildPlaceholderAsync(string tag) => Docker(["build", "-q", "-t", tag, "-"], $$"""
        FROM {{TestImages.Debian}}
        CMD ["perl", "-e", "use IO::Socket::INET; $SIG{CHLD}='IGNORE'; $SIG{TERM}=sub{exit 0}; my $s=IO::Socket::INET->new(LocalPort=>8080,Listen=>128,ReuseAddr=>1) or die $!; while(1){ my $c=$s->accept or next; my $l=<$c>; while(my $h=<$c>){ last if $h=~/^\\r?\\n$/ } print $c \"HTTP/1.1 200 OK\\r\\nContent-Length: 12\\r\\nConnection: close\\r\\n\\r\\nplaceholder\\n\"; close $c }"]
        """);

    private static async Task Docker(IReadOnlyList<string> arguments, string? stdin)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardInput = stdin is not null, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (stdin is not null)
        {
            Assert.True(process.ExitCode == 0, $"docker {string.Join(' ', arguments)} failed: {await error}{await output}");
        }
    }
}
