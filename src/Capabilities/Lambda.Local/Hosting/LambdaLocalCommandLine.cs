using System.Globalization;
using Pipeline.Aws.Local.Hosting;

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

    private static readonly StandInCommandLine Shared = new(Usage, m => new LambdaLocalException(m));

    public static (string Command, LambdaLocalOptions Options) Parse(IReadOnlyList<string> args)
    {
        int maxEnvironments = 10, idle = 600;
        double perMinute = 60, update = 2;
        var urlPorts = new Dictionary<string, int>(StringComparer.Ordinal);
        var shared = Shared.Parse(args, defaultPort: 4597, (name, value) =>
        {
            switch (name)
            {
                case "--max-environments": maxEnvironments = Shared.Int(name, value(), 1, 1000); break;
                case "--idle-seconds": idle = Shared.Int(name, value(), 1, 86400); break;
                case "--seconds-per-minute": perMinute = Positive(name, value()); break;
                case "--update-seconds": update = Positive(name, value(), allowZero: true); break;
                case "--function-url-port":
                    var url = value();
                    var eq = url.LastIndexOf('=');
                    if (eq <= 0)
                    {
                        throw new LambdaLocalException($"--function-url-port '{url}' is not FUNCTION[:ALIAS]=PORT, e.g. --function-url-port api:live=4596");
                    }

                    urlPorts[url[..eq]] = Shared.Int(name, url[(eq + 1)..], 1, 65535);
                    break;
                default: return false;
            }

            return true;
        });

        return (shared.Command, new LambdaLocalOptions
        {
            StateDirectory = shared.StateDirectory,
            AccessKey = shared.AccessKey,
            SecretKey = shared.SecretKey,
            Port = shared.Port,
            Region = shared.Region,
            Account = shared.Account,
            SecondsPerMinute = perMinute,
            UpdateDuration = TimeSpan.FromSeconds(update),
            MaxEnvironments = maxEnvironments,
            IdleTimeout = TimeSpan.FromSeconds(idle),
            FunctionUrlPorts = urlPorts,
            ExchangeLog = shared.ExchangeLog,
        });
    }

    /// <summary>The command line that starts a server with <paramref name="options"/> (secrets included: pass it to a child process, never log it).</summary>
    public static IReadOnlyList<string> ToArguments(LambdaLocalOptions options)
    {
        var args = StandInCommandLine.Serve(options.StateDirectory, options.AccessKey, options.SecretKey, options.Port, options.Region, options.Account);
        args.AddRange(
        [
            "--seconds-per-minute", options.SecondsPerMinute.ToString(CultureInfo.InvariantCulture),
            "--update-seconds", options.UpdateDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--max-environments", Invariant(options.MaxEnvironments),
            "--idle-seconds", Invariant((int)options.IdleTimeout.TotalSeconds),
        ]);
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

    private static double Positive(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && (n > 0 || allowZero && n == 0)
            ? n
            : throw new LambdaLocalException($"{name} '{value}' must be a number above 0{(allowZero ? " (or 0)" : "")}");
}
