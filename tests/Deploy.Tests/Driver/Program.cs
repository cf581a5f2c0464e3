using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy;
using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;

// deploy | rollback | status | down of the sample in environment --env under --root, on the platform --settings
// declares (a JSON file or text: {"type": "<PlatformSettings type>", "settings": {…}}; presets/ has one per platform),
// with the edge on --public-port/--test-port. A deploy takes the published folder (--release) and/or an image (--image).
// ECS (presets/ecs.json, the local ECS of ./build.sh LocalEcsUp): credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
// --root is the folder the task definition file is relative to, --image the pushed repository@sha256:….
DriverArguments arguments;
try
{
    arguments = new DriverArguments(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"driver: {e.Message}");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

var logger = new ConsoleLogger();
try
{
    var name = arguments.Get("env") ?? "local";
    var root = arguments.Required("root");
    var settings = DriverSettings.Read(arguments.Required("settings"), arguments.Int("public-port", 0), arguments.Int("test-port", 0));
    await using var environment = settings.Open(new EnvironmentContext
    {
        Name = name,
        RootDirectory = root,
        LoggerFactory = new ConsoleLoggerFactory(logger),
        EntryAssembly = "Pipeline.Sample.dll",
    });

    switch (arguments.Command)
    {
        case "status":
            Console.Write(await environment.StatusAsync(5, cancellation.Token));
            return 0;
        case "down":
            foreach (var line in await environment.DownAsync(cancellation.Token))
            {
                Console.WriteLine(line);
            }

            return 0;
        case "deploy" or "rollback":
            var version = arguments.Get("version") ?? "0.0.0";
            var fallbackDatabase = Path.Combine(root, ".pipeline", "environments", name, "data", "sample.db");
            var spec = new DeploySpec
            {
                Version = version,
                GitSha = arguments.Get("sha"),
                PublishDirectory = arguments.Get("release"),
                Image = arguments.Get("image"),
                Variables = arguments.Variables.ToDictionary(kv => kv.Key, kv => kv.Value),
                Shift = arguments.Get("shift") is { } shift ? TrafficShift.Parse(shift) : TrafficShift.AllAtOnce,
                Bake = new BakeSettings
                {
                    Duration = arguments.Duration("bake", TimeSpan.FromSeconds(2)),
                    MaxP99Latency = arguments.Duration("max-p99", TimeSpan.FromSeconds(2)),
                    MaxErrorRate = arguments.Double("max-error-rate", 0.05),
                    MinimumRequests = arguments.Int("min-requests", 10),
                    PollInterval = arguments.Duration("poll", TimeSpan.FromMilliseconds(250)),
                },
                HealthTimeout = arguments.Get("health-timeout") is null ? null : arguments.Duration("health-timeout", TimeSpan.Zero),
                SmokeTests = arguments.Flag("smoke")
                    ? new SmokeTests().Http("ready", "/health/ready").Http("version", "/version", c => c.JsonValue("version", version))
                    : null,
                Migrate = (target, ct) => SampleMigrations.MigrateAsync(target, fallbackDatabase, logger, ct),
            };
            var record = arguments.Command == "deploy"
                ? await environment.DeployAsync(spec, cancellation.Token)
                : await environment.RollbackAsync(spec, cancellation.Token);
            Console.Write(DeploymentReport.ToText(record));
            Console.WriteLine($"RECORD {Path.Combine(root, ".pipeline", "environments", name, "deployments", record.Id + ".json")}");
            return record.Succeeded ? 0 : 1;
        default:
            Console.Error.WriteLine($"driver: unknown command '{arguments.Command}': use deploy, rollback, status or down");
            return 2;
    }
}
catch (Exception e) when (e is DeployException or ArgumentException or FormatException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"driver: {e.Message}");
    return 2;
}

/// <summary>Every category logs to the driver's console logger.</summary>
internal sealed class ConsoleLoggerFactory(ILogger logger) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
