using System.Globalization;
using System.Text.Json;
using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Ecs.Local.Hosting;

/// <summary>
/// The command line of the local ECS:
/// <c>serve --state-dir DIR --access-key K --secret-key S [--port N] [--region R] [--account A]
/// [--seconds-per-minute N | --minutes-as-seconds] [--alarm NAME=RULE]… [--alarms-file F] [--exchange-log F]
/// [--registry HOST=USER:PASSWORD]… [--task-failure-threshold N] [--drop-first-response OPERATION]…</c>, <c>down --state-dir DIR</c>, <c>stop --state-dir DIR</c>.
/// </summary>
internal static class EcsLocalCommandLine
{
    public const string Usage =
        "usage: dotnet Pipeline.Ecs.Local.dll serve --state-dir <dir> --access-key <id> --secret-key <secret> [--port 4599] [--region us-east-1] " +
        "[--account 000000000000] [--seconds-per-minute 60 | --minutes-as-seconds] [--alarm name='5xx > 5% over 10s']... [--alarms-file alarms.json] " +
        "[--exchange-log file.jsonl] [--registry host=user:password]... [--task-failure-threshold 3] [--healthy-timeout-seconds 300] " +
        "[--drop-first-response RunTask]... (test hook: the first answer to that operation is lost after it took effect)\n" +
        "       dotnet Pipeline.Ecs.Local.dll down --state-dir <dir>   (stop the server, every task and load balancer)\n" +
        "       dotnet Pipeline.Ecs.Local.dll stop --state-dir <dir>   (stop the server; tasks keep running for the next start)";

    private static readonly StandInCommandLine Shared = new(Usage, m => new EcsLocalException(m));

    public static (string Command, EcsLocalOptions Options) Parse(IReadOnlyList<string> args)
    {
        int threshold = 3, healthy = 300;
        double perMinute = 60;
        var alarms = new Dictionary<string, string>(StringComparer.Ordinal);
        var registries = new List<RegistryCredential>();
        var drops = new List<string>();
        var shared = Shared.Parse(args, defaultPort: 4599, (name, value) =>
        {
            switch (name)
            {
                case "--minutes-as-seconds": perMinute = 1; break;
                case "--task-failure-threshold": threshold = Shared.Int(name, value(), 1, 1000); break;
                case "--healthy-timeout-seconds": healthy = Shared.Int(name, value(), 1, 86400); break;
                case "--seconds-per-minute":
                    var text = value();
                    perMinute = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0
                        ? p
                        : throw new EcsLocalException($"--seconds-per-minute '{text}' must be a number above 0 (60 = real time, 1 = minutes as seconds)");
                    break;
                case "--alarm":
                    var alarm = value();
                    var eq = alarm.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new EcsLocalException($"--alarm '{alarm}' is not NAME=RULE, e.g. --alarm 'web-5xx=5xx > 5% over 10s'");
                    }

                    alarms[alarm[..eq]] = alarm[(eq + 1)..];
                    break;
                case "--alarms-file":
                    foreach (var (k, v) in ReadAlarms(value()))
                    {
                        alarms[k] = v;
                    }

                    break;
                case "--registry":
                    var registry = value();
                    var parts = registry.Split('=', 2);
                    var credentials = parts.Length == 2 ? parts[1].Split(':', 2) : [];
                    if (credentials.Length != 2)
                    {
                        throw new EcsLocalException($"--registry '{registry}' is not HOST=USER:PASSWORD");
                    }

                    registries.Add(new RegistryCredential(parts[0], credentials[0], credentials[1]));
                    break;
                case "--drop-first-response": drops.Add(value()); break;
                default: return false;
            }

            return true;
        });

        return (shared.Command, new EcsLocalOptions
        {
            StateDirectory = shared.StateDirectory,
            AccessKey = shared.AccessKey,
            SecretKey = shared.SecretKey,
            Port = shared.Port,
            Region = shared.Region,
            Account = shared.Account,
            SecondsPerMinute = perMinute,
            Alarms = alarms,
            ExchangeLog = shared.ExchangeLog,
            Registries = registries,
            TaskFailureThreshold = threshold,
            HealthyTimeout = TimeSpan.FromSeconds(healthy),
            DropFirstResponseOf = drops,
        });
    }

    /// <summary>The command line that starts a server with <paramref name="options"/> (secrets included: pass it to a child process, never log it).</summary>
    public static IReadOnlyList<string> ToArguments(EcsLocalOptions options)
    {
        var args = StandInCommandLine.Serve(options.StateDirectory, options.AccessKey, options.SecretKey, options.Port, options.Region, options.Account);
        args.AddRange(
        [
            "--seconds-per-minute", options.SecondsPerMinute.ToString(CultureInfo.InvariantCulture),
            "--task-failure-threshold", options.TaskFailureThreshold.ToString(CultureInfo.InvariantCulture),
            "--healthy-timeout-seconds", ((int)options.HealthyTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        ]);
        foreach (var (name, rule) in options.Alarms)
        {
            args.AddRange(["--alarm", $"{name}={rule}"]);
        }

        foreach (var registry in options.Registries)
        {
            args.AddRange(["--registry", $"{registry.Host}={registry.Username}:{registry.Password}"]);
        }

        if (options.ExchangeLog is { } log)
        {
            args.AddRange(["--exchange-log", log]);
        }

        foreach (var operation in options.DropFirstResponseOf)
        {
            args.AddRange(["--drop-first-response", operation]);
        }

        return args;
    }

    private static Dictionary<string, string> ReadAlarms(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                ?? throw new EcsLocalException($"alarms file {path} is empty");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new EcsLocalException($"alarms file {path}: {e.Message} (expected a JSON object: {{\"alarm-name\": \"5xx > 5% over 10s\"}})", e);
        }
    }
}
