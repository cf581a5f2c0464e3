using System.Diagnostics;
using Pipeline.Lambda.Local;
using Pipeline.Testing.Aws;

namespace Pipeline.Testing.Workflows.Delivery;

/// <summary>
/// AWS Lambda and its CloudWatch alarms for the delivery workflow: one local Lambda (in this process, in the stand-ins'
/// region, signed with their credentials, a CloudWatch minute lasting a second) that every environment's functions live
/// on, reached by the jobs through AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH as a VPC endpoint would be;
/// and the placeholder function image infrastructure code creates a function with before the first release (the local
/// Lambda's own runtime loop with its built-in HTTP handler).
/// </summary>
public sealed class DeliveryLambda : IAsyncDisposable
{
    private readonly string stateDirectory = Path.Combine(Path.GetTempPath(), $"delivery-lambda-{Guid.NewGuid():N}");
    private readonly string accessKey;
    private readonly string secretKey;

    private DeliveryLambda(string accessKey, string secretKey)
    {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public LambdaLocalServer Server { get; private set; } = null!;

    /// <summary>Answers every request 200 with its path, as <c>APP_VERSION=placeholder</c>.</summary>
    public string PlaceholderImage { get; } = $"delivery-lambda-placeholder:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The endpoints the deploy jobs' AWS clients use for Lambda and CloudWatch.</summary>
    public IReadOnlyDictionary<string, string> MachineVariables => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_LAMBDA"] = Server.Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_CLOUDWATCH"] = Server.Endpoint.ToString(),
    };

    /// <summary>The aws CLI against the local Lambda (lambda and cloudwatch calls).</summary>
    public AwsCli Cli => new(Server.Endpoint, DeliveryStandIns.Region, accessKey, secretKey);

    /// <summary>Starts a local Lambda that accepts what the configure-aws-credentials stand-in of <paramref name="standIns"/> exports.</summary>
    public static async Task<DeliveryLambda> StartAsync(DeliveryStandIns standIns)
    {
        ArgumentNullException.ThrowIfNull(standIns);
        var lambda = new DeliveryLambda(standIns.AwsCredentials["AWS_ACCESS_KEY_ID"], standIns.AwsCredentials["AWS_SECRET_ACCESS_KEY"]);
        try
        {
            Directory.CreateDirectory(lambda.stateDirectory);
            var build = BuildPlaceholderAsync(lambda.PlaceholderImage);
            lambda.Server = await LambdaLocalServer.StartAsync(new LambdaLocalOptions
            {
                StateDirectory = lambda.stateDirectory,
                AccessKey = lambda.accessKey,
                SecretKey = lambda.secretKey,
                Region = DeliveryStandIns.Region,
                SecondsPerMinute = 1,
                UpdateDuration = TimeSpan.FromSeconds(1),
                MaxEnvironments = 4,
            });
            await build;
            return lambda;
        }
        catch
        {
            await lambda.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DownAsync();
        }

        await DockerAsync("rmi", "-f", PlaceholderImage);
        try
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a listener still closing its file: /tmp is cleaned anyway
        }
    }

    private static async Task BuildPlaceholderAsync(string tag)
    {
        var (code, error) = await DockerAsync(
            "build", "-q", "-t", tag, "--build-arg", $"BASE_IMAGE={TestImages.Debian}", "--build-arg", "APP_VERSION=placeholder", LocalLambda.RuntimeDirectory);
        Assert.True(code == 0, $"docker build of the placeholder function failed: {error}");
    }

    private static async Task<(int Code, string Error)> DockerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        return (process.ExitCode, await error);
    }
}
