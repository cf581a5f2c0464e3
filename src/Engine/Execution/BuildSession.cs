using System.Diagnostics;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Output;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine.Execution;

/// <summary>
/// One run of a build: command line → targets and parameters → checks → plan → execution → summary.
/// User mistakes (unknown target, cycle, bad parameter, unmet requirement) end with one line and exit code 1.
/// </summary>
public static class BuildSession
{
    public static Task<int> RunAsync(
        PipelineBuild build,
        IReadOnlyList<string> args,
        IReadOnlyList<Func<object, Target>> defaultTargets,
        BuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var root = new AbsolutePath(options.RootDirectory ?? FindRoot(AppContext.BaseDirectory, Directory.GetCurrentDirectory));
        var masker = new SecretMasker();
        var temp = (root / ".nuke" / "temp").CreateDirectory();
        var sinks = new Sinks(options, masker, temp / "build.log");
        var environment = options.Environment;
        var host = BuildHost.Detect(name => environment.GetValueOrDefault(name));
        var context = new BuildContext(root, host, new ParameterValues(), masker, new ToolRunner(sinks.Output, root), sinks.Output, sinks.Log);
        build.Attach(context);

        // Synchronous up to the first target: --help and --plan never start the async machinery (milliseconds of a start).
        Func<Task<int>>? execution;
        try
        {
            execution = Prepare(build, context, args, defaultTargets, options, stopwatch, out var exitCode);
            if (execution is null)
            {
                sinks.Close();
                return Task.FromResult(exitCode);
            }
        }
        catch (Exception e)
        {
            var code = Failed(e, sinks, root);
            sinks.Close();
            return Task.FromResult(code);
        }

        return ExecuteAsync(execution, sinks, root);
    }

    private static async Task<int> ExecuteAsync(Func<Task<int>> execution, Sinks sinks, AbsolutePath root)
    {
        try
        {
            sinks.RedirectConsole();
            return await execution();
        }
        catch (Exception e)
        {
            return Failed(e, sinks, root);
        }
        finally
        {
            sinks.Close();
        }
    }

    /// <summary>A user's mistake gets one line; anything else one line too, with the details in the log.</summary>
    private static int Failed(Exception e, Sinks sinks, AbsolutePath root)
    {
        if (e is TargetGraphException or ParameterException or RequirementException)
        {
            sinks.Output.WriteLine($"error: {e.Message}");
            return 1;
        }

        sinks.Log.WriteLine(e.ToString());
        sinks.Output.WriteLine($"error: {TargetExecutor.Describe(e)} (details in {sinks.LogPath.RelativeTo(root)})");
        return 1;
    }

    /// <summary>
    /// Everything up to running targets: command line, discovery, binding, schema, then --help or --plan (which end here,
    /// with <paramref name="exitCode"/>), else the requirements' check. Returns the run of the targets, or null.
    /// </summary>
    private static Func<Task<int>>? Prepare(
        PipelineBuild build,
        BuildContext context,
        IReadOnlyList<string> args,
        IReadOnlyList<Func<object, Target>> defaultTargets,
        BuildOptions options,
        Stopwatch stopwatch,
        out int exitCode)
    {
        exitCode = 0;
        var (root, host, values, masker, output) = (context.Root, context.Host, context.Parameters, context.Masker, context.Output);
        var commandLine = CommandLine.Parse(args);
        var targets = TargetDiscovery.Discover(build);
        context.Log.WriteLine(BuildModel.For(build.GetType()) is null
            ? $"targets and parameters of {build.GetType().Name}: found by reflection (no generated build model)"
            : $"targets and parameters of {build.GetType().Name}: from the generated build model");
        var graph = new TargetGraph(targets.Select(t => t.Info));
        build.Attach(context with { Graph = graph, Verbose = commandLine.Verbose });
        var parameters = ParameterBinder.Discover(build.GetType());
        // Defaults are read (before binding replaces them) only for --help: reading them runs every parameter's getter.
        var showsHelp = commandLine.Help || (commandLine.Targets.Count == 0 && defaultTargets.Count == 0);
        var defaults = showsHelp ? parameters.ToDictionary(p => p.Name, p => ParameterBinder.Read(build, p)) : null;

        var sources = Sources(commandLine, options.Environment, parameters, root);
        ParameterBinder.Bind(build, parameters, sources, values, root, CommandLine.ReservedKeys, secret =>
        {
            foreach (var part in SecretMasker.PartsOf(secret))
            {
                if (masker.Add(part))
                {
                    host.AnnounceSecret(options.Output, part);
                }
            }
        });

        var defaultNames = defaultTargets.Select(select => TargetDiscovery.NameOf(targets, select(build))
            ?? throw new TargetGraphException("The default target is not a target property of the build.")).ToList();
        BuildSchema.WriteIfChanged(root, graph, parameters, BuildSchema.KeyOf(build.GetType()));

        if (defaults is not null)
        {
            output.Write(HelpText.Render(graph, parameters, defaults, defaultNames));
            return null;
        }

        var invoked = (commandLine.Targets.Count > 0 ? commandLine.Targets : defaultNames).Select(n => graph[n].Name).ToList();
        var planned = graph.Plan(invoked);
        var skipped = SkipReasons(commandLine, invoked, planned, graph, targets);

        if (commandLine.Plan)
        {
            output.Write(commandLine.PlanAsMermaid ? PlanChart.Render(invoked, planned, skipped, graph) : PlanText.Render(invoked, planned, skipped, graph));
            return null;
        }

        var byName = targets.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        Requirements.Check(planned.Where(n => !skipped.ContainsKey(n)).Select(n => byName[n]), parameters);

        return async () =>
        {
            using var interrupts = options.HandleInterrupts?.Invoke();
            var results = await new TargetExecutor(host, output, context.Log).RunAsync([.. planned.Select(n => byName[n])], skipped, options.CancellationToken);
            var summary = new BuildSummary(results, stopwatch.Elapsed);
            output.Write(summary.ToTable());
            host.PublishSummary(summary);
            return summary.Succeeded ? 0 : 1;
        };
    }

    private static List<ParameterSource> Sources(
        CommandLine commandLine, IReadOnlyDictionary<string, string> environment, IReadOnlyList<ParameterDescriptor> parameters, AbsolutePath root)
    {
        var sources = new List<ParameterSource>
        {
            new("from the command line", commandLine.Parameters),
            ParameterSource.FromEnvironment(environment, parameters),
        };

        foreach (var profile in Enumerable.Reverse(commandLine.Profiles))
        {
            var path = root / ".nuke" / $"parameters.{profile}.json";
            if (!path.Exists())
            {
                var known = Directory.GetFiles(root / ".nuke", "parameters.*.json")
                    .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).Order(StringComparer.Ordinal);
                throw new ParameterException(
                    $"Profile '{profile}' not found: {path.RelativeTo(root)} does not exist (profiles here: {string.Join(", ", known.DefaultIfEmpty("none"))}).");
            }

            sources.Add(ParametersFile.Read(path, path.RelativeTo(root)));
        }

        var defaults = root / ".nuke" / "parameters.json";
        if (defaults.Exists())
        {
            sources.Add(ParametersFile.Read(defaults, ".nuke/parameters.json"));
        }

        return sources;
    }

    private static Dictionary<string, string> SkipReasons(
        CommandLine commandLine, List<string> invoked, IReadOnlyList<string> planned, TargetGraph graph, IReadOnlyList<ExecutableTarget> targets)
    {
        var reasons = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (commandLine.Skip is { Count: 0 })
        {
            foreach (var name in planned.Except(invoked, StringComparer.OrdinalIgnoreCase))
            {
                reasons[name] = "--skip";
            }
        }

        foreach (var name in commandLine.Skip ?? [])
        {
            var target = graph[name].Name;
            if (planned.Contains(target, StringComparer.OrdinalIgnoreCase))
            {
                reasons[target] = "--skip";
            }
        }

        foreach (var target in targets.Where(t => planned.Contains(t.Name, StringComparer.OrdinalIgnoreCase) && !reasons.ContainsKey(t.Name)))
        {
            if (target.StaticConditions.FirstOrDefault(c => !c.Evaluate()) is { } condition)
            {
                reasons[target.Name] = "condition false: " + condition.Text;
            }
        }

        return reasons;
    }

    /// <summary>
    /// The build's repository: the directory holding <c>.nuke/</c> above the build's own assembly (so
    /// <c>/elsewhere/repo/build.sh</c> works from any directory), else above the working directory, else the working directory.
    /// </summary>
    public static string FindRoot(string buildDirectory, string workingDirectory) => FindRoot(buildDirectory, () => workingDirectory);

    /// <summary>The working directory is asked for only when no <c>.nuke/</c> is above the build's own directory.</summary>
    internal static string FindRoot(string buildDirectory, Func<string> workingDirectory)
    {
        if (NukeDirectoryAbove(buildDirectory) is { } root)
        {
            return root;
        }

        var current = workingDirectory();
        return NukeDirectoryAbove(current) ?? current;
    }

    private static string? NukeDirectoryAbove(string start)
    {
        for (var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(start)); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(Path.Join(directory, ".nuke")))
            {
                return directory;
            }
        }

        return null;
    }
}
