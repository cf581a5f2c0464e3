using System.Globalization;

namespace Pipeline.Lambda.Local.Hosting;

/// <summary>
/// The command line of the local Lambda: <c>serve --state-dir DIR --access-key K --secret-key S [--port N] [--region R]
/// [--account A] [--seconds-per-minute N] [--update-seconds N] [--max-environments N] [--idle-seconds N]
/// [--function-url-port FUNCTION[:ALIAS]=PORT]… [--exchange-log F]</c>, <c>down --state-dir DIR</c>, <c>stop --state-dir DIR</c>.
/// </summary>
internal static class LambdaLocalCommandLine
{
    public const string Usage =
        "usage: dotnet Pipeline.Lambda.Local.dll serve --state-dir <dir> --access-key <id> --secret-key <secret> [--port 4597] [--region us-east-1] " +
        "[--account 000000000000] [--seconds-per-minute 60] [--update-seconds 2] [--max-environments 10] [--idle-seconds 600] " +
        "[--function-url-port function:alias=port]... [--exchange-log file.jsonl]\n" +
        "       dotnet Pipeline.Lambda.Local.dll down --state-dir <dir>   (stop the server, remove every container and function URL)\n" +
        "       dotnet Pipeline.Lambda.Local.dll stop --state-dir <dir>   (stop the server; warm containers stay for the next start)";

    public static (string Command, LambdaLocalOptions Options) Parse(IReadOnlyList<string> args)
    {
        var command = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
        if (command is not ("serve" or "down" or "stop"))
        {
            throw new LambdaLocalException($"unknown command '{command}'; {Usage}");
        }

        string? dir = null, accessKey = null, secretKey = null, region = null, account = null, log = null;
        int port = 4597, maxEnvironments = 10, idle = 600;
        double perMinute = 60, update = 2;
        var urlPorts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = command == args.FirstOrDefault() ? 1 : 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new LambdaLocalException($"{name} needs a value; {Usage}");
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
                case "--max-environments": maxEnvironments = Int(name, value, 1, 1000); break;
                case "--idle-seconds": idle = Int(name, value, 1, 86400); break;
                case "--seconds-per-minute": perMinute = Positive(name, value); break;
                case "--update-seconds": update = Positive(name, value, allowZero: true); break;
                case "--function-url-port":
                    var eq = value.LastIndexOf('=');
                    if (eq <= 0)
                    {
                        throw new LambdaLocalException($"--function-url-port '{value}' is not FUNCTION[:ALIAS]=PORT, e.g. --function-url-port api:live=4596");
                    }

                    urlPorts[value[..eq]] = Int(name, value[(eq + 1)..], 1, 65535);
                    break;
                default: throw new LambdaLocalException($"unknown option {name}; {Usage}");
            }
        }

        if (dir is null)
        {
            throw new LambdaLocalException($"--state-dir is required; {Usage}");
        }

        if (command == "serve" && (accessKey is null || secretKey is null))
        {
            throw new LambdaLocalException($"--access-key and --secret-key are required: requests must be signed with them; {Usage}");
        }

        return (command, new LambdaLocalOptions
        {
            StateDirectory = Path.GetFullPath(dir),
            AccessKey = accessKey ?? "",
            SecretKey = secretKey ?? "",
            Port = port,
            Region = region ?? "us-east-1",
            Account = account ?? "000000000000",
            SecondsPerMinute = perMinute,
            UpdateDuration = TimeSpan.FromSeconds(update),
            MaxEnvironments = maxEnvironments,
            IdleTimeout = TimeSpan.FromSeconds(idle),
            FunctionUrlPorts = urlPorts,
            ExchangeLog = log,
        });
    }

    /// <summary>The command line that starts a server with <paramref name="options"/> (secrets included: pass it to a child process, never log it).</summary>
    public static IReadOnlyList<string> ToArguments(LambdaLocalOptions options)
    {
        var args = new List<string>
        {
            "serve", "--state-dir", options.StateDirectory, "--access-key", options.AccessKey, "--secret-key", options.SecretKey,
            "--port", Invariant(options.Port), "--region", options.Region, "--account", options.Account,
            "--seconds-per-minute", options.SecondsPerMinute.ToString(CultureInfo.InvariantCulture),
            "--update-seconds", options.UpdateDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--max-environments", Invariant(options.MaxEnvironments),
            "--idle-seconds", Invariant((int)options.IdleTimeout.TotalSeconds),
        };
        foreach (var (url, port) in options.FunctionUrlPorts)
        {
            args.AddRange(["--function-url-port", $"{url}={Invariant(port)}"]);
        }

        if (options.ExchangeLog is { } log)
        {
            args.AddRange(["--exchange-log", log]);
        }

        return args;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new LambdaLocalException($"{name} '{value}' must be a whole number from {min} to {max}");

    private static double Positive(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && (n > 0 || allowZero && n == 0)
            ? n
            : throw new LambdaLocalException($"{name} '{value}' must be a number above 0{(allowZero ? " (or 0)" : "")}");
}
