using System.Globalization;
using System.Text.Json;

namespace Pipeline.Ecs.Local;

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

    public static (string Command, EcsLocalOptions Options) Parse(IReadOnlyList<string> args)
    {
        var command = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
        if (command is not ("serve" or "down" or "stop"))
        {
            throw new EcsLocalException($"unknown command '{command}'; {Usage}");
        }

        string? dir = null, accessKey = null, secretKey = null, region = null, account = null, log = null;
        int port = 4599, threshold = 3, healthy = 300;
        double perMinute = 60;
        var alarms = new Dictionary<string, string>(StringComparer.Ordinal);
        var registries = new List<RegistryCredential>();
        var drops = new List<string>();
        for (var i = command == args.FirstOrDefault() ? 1 : 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--minutes-as-seconds")
            {
                perMinute = 1;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new EcsLocalException($"{name} needs a value; {Usage}");
            }

            var value = args[++i];
            switch (name)
            {
                case "--state-dir": dir = value; break;
                case "--access-key": accessKey = value; break;
                case "--secret-key": secretKey = value; break;
                case "--region": region = value; break;
                case "--account": account = value; break;
                case "--exchange-log": log = Path.GetFullPath(value); break;
                case "--port": port = Int(name, value, 0, 65535); break;
                case "--task-failure-threshold": threshold = Int(name, value, 1, 1000); break;
                case "--healthy-timeout-seconds": healthy = Int(name, value, 1, 86400); break;
                case "--seconds-per-minute":
                    perMinute = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0
                        ? p
                        : throw new EcsLocalException($"--seconds-per-minute '{value}' must be a number above 0 (60 = real time, 1 = minutes as seconds)");
                    break;
                case "--alarm":
                    var eq = value.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new EcsLocalException($"--alarm '{value}' is not NAME=RULE, e.g. --alarm 'web-5xx=5xx > 5% over 10s'");
                    }

                    alarms[value[..eq]] = value[(eq + 1)..];
                    break;
                case "--alarms-file":
                    foreach (var (k, v) in ReadAlarms(value))
                    {
                        alarms[k] = v;
                    }

                    break;
                case "--registry":
                    var parts = value.Split('=', 2);
                    var credentials = parts.Length == 2 ? parts[1].Split(':', 2) : [];
                    if (credentials.Length != 2)
                    {
                        throw new EcsLocalException($"--registry '{value}' is not HOST=USER:PASSWORD");
                    }

                    registries.Add(new RegistryCredential(parts[0], credentials[0], credentials[1]));
                    break;
                case "--drop-first-response": drops.Add(value); break;
                default: throw new EcsLocalException($"unknown option {name}; {Usage}");
            }
        }

        if (dir is null)
        {
            throw new EcsLocalException($"--state-dir is required; {Usage}");
        }

        if (command == "serve" && (accessKey is null || secretKey is null))
        {
            throw new EcsLocalException($"--access-key and --secret-key are required: requests must be signed with them; {Usage}");
        }

        return (command, new EcsLocalOptions
        {
            StateDirectory = Path.GetFullPath(dir),
            AccessKey = accessKey ?? "",
            SecretKey = secretKey ?? "",
            Port = port,
            Region = region ?? "us-east-1",
            Account = account ?? "000000000000",
            SecondsPerMinute = perMinute,
            Alarms = alarms,
            ExchangeLog = log,
            Registries = registries,
            TaskFailureThreshold = threshold,
            HealthyTimeout = TimeSpan.FromSeconds(healthy),
            DropFirstResponseOf = drops,
        });
    }

    /// <summary>The command line that starts a server with <paramref name="options"/> (secrets included: pass it to a child process, never log it).</summary>
    public static IReadOnlyList<string> ToArguments(EcsLocalOptions options)
    {
        var args = new List<string>
        {
            "serve", "--state-dir", options.StateDirectory, "--access-key", options.AccessKey, "--secret-key", options.SecretKey,
            "--port", options.Port.ToString(CultureInfo.InvariantCulture), "--region", options.Region, "--account", options.Account,
            "--seconds-per-minute", options.SecondsPerMinute.ToString(CultureInfo.InvariantCulture),
            "--task-failure-threshold", options.TaskFailureThreshold.ToString(CultureInfo.InvariantCulture),
            "--healthy-timeout-seconds", ((int)options.HealthyTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
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

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new EcsLocalException($"{name} '{value}' must be a whole number from {min} to {max}");
}
