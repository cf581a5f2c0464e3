using System.Globalization;

namespace Pipeline.Deploy.Docker.Driver;

/// <summary>"command --name value --flag --env-var K=V ..." parsed into a command, options and repeated env vars.</summary>
public sealed class DriverArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> variables = [];

    public DriverArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Command = args.Count > 0 ? args[0] : "";
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal)
                ? args[i][2..]
                : throw new ArgumentException($"unexpected argument '{args[i]}'");
            var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            if (name == "env-var")
            {
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                variables.Add(new(value[..eq], value[(eq + 1)..]));
            }
            else
            {
                values[name] = value;
            }
        }
    }

    public string Command { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Variables => variables;

    public string? Get(string name) => values.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) =>
        Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        Get(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Duration(string name, TimeSpan fallback) =>
        Get(name) is { } text ? (DurationText.TryParse(text, out var d) ? d : throw new ArgumentException($"--{name} '{text}' is not a duration")) : fallback;

    public bool Flag(string name) => Get(name) == "true";
}
