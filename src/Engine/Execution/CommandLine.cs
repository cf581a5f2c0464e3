using Pipeline.Engine.Parameters;

namespace Pipeline.Engine.Execution;

/// <summary>
/// <c>./build.sh [targets…] [--skip [targets…]] [--plan [mermaid]] [--help] [--verbose] [--profile NAME…] [--name value…]</c>.
/// Words before the first option are targets; <c>--skip</c> without targets skips every dependency of the invoked ones;
/// <c>mermaid</c> after <c>--plan</c> is the chart format, not a target.
/// </summary>
public sealed record CommandLine(
    IReadOnlyList<string> Targets,
    IReadOnlyList<string>? Skip,
    bool Help,
    bool Plan,
    IReadOnlyList<string> Profiles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters)
{
    /// <summary>Options the engine itself understands (normalized names).</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string> { "target", "skip", "help", "plan", "profile", "verbose" };

    /// <summary><c>--plan mermaid</c>: the plan as a Mermaid flowchart instead of text.</summary>
    public bool PlanAsMermaid { get; init; }

    /// <summary><c>--verbose</c>: tools print everything (every test, every line), not the quiet summary.</summary>
    public bool Verbose { get; init; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var targets = new List<string>();
        List<string>? skip = null;
        var help = false;
        var plan = false;
        var mermaid = false;
        var verbose = false;
        var profiles = new List<string>();
        var parameters = new Dictionary<string, IReadOnlyList<string>>();

        var i = 0;
        while (i < args.Count && !IsOption(args[i]))
        {
            targets.Add(args[i++]);
        }

        while (i < args.Count)
        {
            var option = args[i++];
            var values = new List<string>();
            while (i < args.Count && !IsOption(args[i]))
            {
                values.Add(args[i++]);
            }

            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values.Insert(0, option[(equals + 1)..]);
                option = option[..equals];
            }

            switch (ParameterNames.Normalize(option))
            {
                case "h" or "help":
                    help = true;
                    targets.AddRange(values);
                    break;
                case "plan":
                    plan = true;
                    mermaid |= values.RemoveAll(v => v.Equals("mermaid", StringComparison.OrdinalIgnoreCase)) > 0;
                    targets.AddRange(values);
                    break;
                case "verbose" when values.Count == 0:
                    verbose = true;
                    break;
                case "verbose":
                    throw new ParameterException($"Option --verbose takes no value but got {string.Join(" ", values)}; put targets before the options.");
                case "target":
                    targets.AddRange(values);
                    break;
                case "skip":
                    (skip ??= []).AddRange(values);
                    break;
                case "profile" when values.Count == 0 || values.Exists(string.IsNullOrWhiteSpace):
                    throw new ParameterException(
                        "Option --profile needs a name: --profile <name> reads .nuke/parameters.<name>.json (nothing ran).");
                case "profile":
                    profiles.AddRange(values);
                    break;
                case var key when parameters.TryGetValue(key, out var earlier):
                    parameters[key] = [.. earlier, .. values];
                    break;
                case var key:
                    parameters[key] = values;
                    break;
            }
        }

        return new CommandLine(targets, skip, help, plan, profiles, parameters) { PlanAsMermaid = mermaid, Verbose = verbose };
    }

    private static bool IsOption(string arg) => arg.StartsWith("--", StringComparison.Ordinal) || arg is "-h" or "-?";
}
