using System.Globalization;

namespace Pipeline.Deploy.Edge;

/// <summary>
/// Command line of the edge process: <c>[--supervised] --state-dir DIR --port N [--test-port N] [--control-port N] [--log-file F]</c>.
/// With <c>--supervised</c> the process is the edge's <see cref="EdgeSupervisor"/>, which runs the edge (the same
/// arguments without it) and starts it again when it dies.
/// </summary>
internal sealed record EdgeOptions(string StateDirectory, int PublicPort, int? TestPort, int ControlPort, string? LogFile)
{
    public const string SupervisedFlag = "--supervised";

    public const string Usage =
        "usage: dotnet Pipeline.Deploy.Edge.dll [--supervised] --state-dir <dir> --port <public port> [--test-port <port>] [--control-port <port, 0 = any>] [--log-file <file>]";

    /// <summary>Whether a supervisor runs this edge and starts it again when it dies.</summary>
    public bool Supervised { get; init; }

    /// <summary>Parses the arguments; throws <see cref="EdgeException"/> with a one-line reason.</summary>
    public static EdgeOptions Parse(IReadOnlyList<string> args)
    {
        string? dir = null, log = null;
        int? port = null, test = null;
        var control = 0;
        var supervised = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == SupervisedFlag)
            {
                supervised = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new EdgeException($"{name} needs a value; {Usage}");
            }

            var value = args[++i];
            switch (name)
            {
                case "--state-dir": dir = value; break;
                case "--port": port = ParsePort(name, value, allowZero: false); break;
                case "--test-port": test = ParsePort(name, value, allowZero: false); break;
                case "--control-port": control = ParsePort(name, value, allowZero: true); break;
                case "--log-file": log = value; break;
                default: throw new EdgeException($"unknown option {name}; {Usage}");
            }
        }

        if (dir is null || port is null)
        {
            throw new EdgeException($"--state-dir and --port are required; {Usage}");
        }

        if (test == port || (control != 0 && (control == port || control == test)))
        {
            throw new EdgeException("--port, --test-port and --control-port must differ");
        }

        return new EdgeOptions(Path.GetFullPath(dir), port.Value, test, control, log) { Supervised = supervised };
    }

    private static int ParsePort(string name, string value, bool allowZero) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (port > 0 || allowZero)
            ? port
            : throw new EdgeException($"{name} '{value}' is not a TCP port (1..65535{(allowZero ? ", or 0 for any" : "")})");
}
