using System.Globalization;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// What every stand-in's command line shares: the command (<c>serve</c>, the default, <c>down</c> or <c>stop</c>), the
/// options every one takes (<c>--state-dir</c>, <c>--access-key</c>, <c>--secret-key</c>, <c>--port</c>,
/// <c>--region</c>, <c>--account</c>, <c>--exchange-log</c>) and the checks of their values. A stand-in reads its own
/// options through a callback.
/// </summary>
internal sealed class StandInCommandLine(string usage, Func<string, Exception> fail)
{
    /// <summary>
    /// Reads <paramref name="args"/>; an option that is not shared goes to <paramref name="own"/> with a function that
    /// takes its value (a flag takes none), and is unknown when it answers false.
    /// </summary>
    public StandInArguments Parse(IReadOnlyList<string> args, int defaultPort, Func<string, Func<string>, bool> own)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
        if (command is not ("serve" or "down" or "stop"))
        {
            throw fail($"unknown command '{command}'; {usage}");
        }

        string? dir = null, accessKey = null, secretKey = null, region = null, account = null, log = null;
        var port = defaultPort;
        for (var i = command == args.FirstOrDefault() ? 1 : 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw fail($"{name} needs a value; {usage}");
            switch (name)
            {
                case "--state-dir": dir = Value(); break;
                case "--access-key": accessKey = Value(); break;
                case "--secret-key": secretKey = Value(); break;
                case "--region": region = Value(); break;
                case "--account": account = Value(); break;
                case "--exchange-log": log = Path.GetFullPath(Value()); break;
                case "--port": port = Int(name, Value(), 0, 65535); break;
                default:
                    if (!own(name, Value))
                    {
                        throw fail($"unknown option {name}; {usage}");
                    }

                    break;
            }
        }

        if (dir is null)
        {
            throw fail($"--state-dir is required; {usage}");
        }

        if (command == "serve" && (accessKey is null || secretKey is null))
        {
            throw fail($"--access-key and --secret-key are required: requests must be signed with them; {usage}");
        }

        return new StandInArguments(command, Path.GetFullPath(dir), accessKey ?? "", secretKey ?? "", port, region ?? "us-east-1", account ?? "000000000000", log);
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or the one-line error naming the option.</summary>
    public int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw fail($"{name} '{value}' must be a whole number from {min} to {max}");

    /// <summary>The command line that serves with the shared options (secrets included: pass it to a child process, never log it); the stand-in adds its own.</summary>
    public static List<string> Serve(string stateDirectory, string accessKey, string secretKey, int port, string region, string account) =>
    [
        "serve", "--state-dir", stateDirectory, "--access-key", accessKey, "--secret-key", secretKey,
        "--port", port.ToString(CultureInfo.InvariantCulture), "--region", region, "--account", account,
    ];
}
