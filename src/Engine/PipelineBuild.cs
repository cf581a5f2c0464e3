using Microsoft.Extensions.Logging;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Output;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Engine.Tools;

namespace Pipeline.Engine;

/// <summary>
/// Base class of a build. <c>public static int Main(string[] args) => Execute&lt;Build&gt;(args, x => x.Test);</c>
/// </summary>
public abstract class PipelineBuild : IPipelineBuild
{
    private BuildContext? _context;
    private ILoggerFactory? _loggerFactory;

    public AbsolutePath RootDirectory => Context.Root;

    public AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";

    public BuildHost Host => Context.Host;

    public bool IsServerBuild => Host.IsServerBuild;

    public ParameterValues Parameters => Context.Parameters;

    public SecretMasker Secrets => Context.Masker;

    public ToolRunner Tools => Context.Tools;

    /// <summary>Loggers writing through the build's output; made on first use (a run that logs nothing loads no logging).</summary>
    public ILoggerFactory LoggerFactory => _loggerFactory ??= new BuildLoggerFactory(Context.Output, Context.Log);

    public TextWriter Output => Context.Output;

    public bool Verbose => Context.Verbose;

    public TargetGraph Graph => Context.Graph ?? throw new InvalidOperationException("The target graph is not built yet.");

    private BuildContext Context =>
        _context ?? throw new InvalidOperationException("The build is not running: use PipelineBuild.Execute<T>() to start it.");

    internal void Attach(BuildContext context)
    {
        _context = context;
        _loggerFactory = null;
    }

    /// <summary>Runs the build for this process: parses <paramref name="args"/>, runs the targets, returns the exit code.</summary>
    public static int Execute<T>(string[] args, params Func<T, Target>[] defaultTargets)
        where T : PipelineBuild, new()
    {
        using var cancellation = new CancellationTokenSource();
        var console = StandardOutput.Open();
        var options = new BuildOptions
        {
            Output = console,
            Environment = EnvironmentVariables(),
            CancellationToken = cancellation.Token,
            HandleInterrupts = () => new Interrupts(cancellation),
            RedirectConsole = true,
            RestoreConsole = false,
        };
        // The generated model creates the build without Activator (see BuildModel).
        var build = BuildModel.For(typeof(T))?.Create?.Invoke() as T ?? new T();
        int code;
        try
        {
            code = BuildSession.RunAsync(build, args, defaultTargets.Select(d => (Func<object, Target>)(b => d((T)b))).ToList(), options)
                .GetAwaiter().GetResult();
        }
        catch (IOException) when (StandardOutput.FailureOf(console) is not null)
        {
            code = 1;
        }

        if (StandardOutput.FailureOf(console) is { } failure)
        {
            // Standard output is gone (a full disk, a closed descriptor): one line on standard error, not a stack trace.
            using var error = new StreamWriter(Console.OpenStandardError());
            error.WriteLine($"error: cannot write the build's output ({failure.Message}); the whole output is in .nuke/temp/build.log");
            return code == 0 ? 1 : code;
        }

        return code;
    }

    // A plain loop: LINQ over DictionaryEntry (a struct) is code the JIT has to compile on every start.
    private static Dictionary<string, string> EnvironmentVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return variables;
    }
}
