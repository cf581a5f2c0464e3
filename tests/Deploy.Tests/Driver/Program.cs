using System.Runtime.InteropServices;
using Pipeline.Deploy;
using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Local;

// deploy | rollback | status | down of the sample, on --platform process (a publish folder, --release) or docker (an
// image id, --image), against environment --env on --public-port/--test-port under --root.
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
    var definitions = arguments.Get("public-port") is null
        ? EnvironmentDefinition.Defaults
        : [new EnvironmentDefinition(name, arguments.Int("public-port", 0), arguments.Int("test-port", 0))];
    var environment = LocalEnvironment.Open(arguments.Required("root"), name, definitions);
    using var platform = DriverPlatform.Open(arguments, environment, logger);
    var engine = new DeployEngine(platform.Platform, environment, logger);

    switch (arguments.Command)
    {
        case "status":
            Console.Write((await EnvironmentStatus.ReadAsync(environment, 5, cancellation.Token)).ToText());
            return 0;
        case "down":
            foreach (var line in await platform.DownAsync(cancellation.Token))
            {
                Console.WriteLine(line);
            }

            return 0;
        case "deploy" or "rollback":
            var version = arguments.Get("version") ?? "0.0.0";
            var request = platform.Request(version, arguments.Variables.ToDictionary(kv => kv.Key, kv => kv.Value)) with
            {
                Shift = arguments.Get("shift") is { } shift ? TrafficShift.Parse(shift) : TrafficShift.AllAtOnce,
                Bake = new BakeSettings
                {
                    Duration = arguments.Duration("bake", TimeSpan.FromSeconds(2)),
                    MaxP99Latency = arguments.Duration("max-p99", TimeSpan.FromSeconds(2)),
                    MaxErrorRate = arguments.Double("max-error-rate", 0.05),
                    MinimumRequests = arguments.Int("min-requests", 10),
                    PollInterval = arguments.Duration("poll", TimeSpan.FromMilliseconds(250)),
                },
                HealthTimeout = arguments.Duration("health-timeout", platform.HealthTimeout),
                LockTimeout = arguments.Duration("lock-timeout", TimeSpan.FromSeconds(60)),
            };
            if (!arguments.Flag("smoke"))
            {
                request = request with { SmokeTests = null };
            }

            var record = arguments.Command == "deploy"
                ? await engine.DeployAsync(request, cancellation.Token)
                : await engine.RollbackAsync(request, cancellation.Token);
            Console.Write(DeploymentReport.ToText(record));
            Console.WriteLine($"RECORD {environment.History.PathOf(record.Id)}");
            return record.Succeeded ? 0 : 1;
        default:
            Console.Error.WriteLine($"driver: unknown command '{arguments.Command}': use deploy, rollback, status or down");
            return 2;
    }
}
catch (Exception e) when (e is DeployException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"driver: {e.Message}");
    return 2;
}
