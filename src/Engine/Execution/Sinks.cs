using Pipeline.Engine.Output;
using Pipeline.Engine.Paths;

namespace Pipeline.Engine.Execution;

/// <summary>
/// A session's output (masked, copied to the log) and its log file <c>.nuke/temp/build.log</c>; routes Console.Out and
/// Console.Error through the output while targets run, when the options ask for it (not before: --help and --plan run
/// no target, and touching the console costs milliseconds of a start).
/// </summary>
internal sealed class Sinks
{
    private readonly BuildOptions _options;
    private readonly Utf8Writer _logFile;
    private TextWriter? _originalOut;
    private TextWriter? _originalError;
    private bool _redirected;

    public Sinks(BuildOptions options, SecretMasker masker, AbsolutePath logPath)
    {
        _options = options;
        LogPath = logPath;
        _logFile = new Utf8Writer(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read));
        Log = new MaskingTextWriter(_logFile, masker);
        Output = new MaskingTextWriter(options.Output, masker, Log);
    }

    public MaskingTextWriter Output { get; }

    public AbsolutePath LogPath { get; }

    public MaskingTextWriter Log { get; }

    /// <summary>Routes Console.Out and Console.Error through <see cref="Output"/> (when the options ask for it).</summary>
    public void RedirectConsole()
    {
        if (!_options.RedirectConsole || _redirected)
        {
            return;
        }

        (_originalOut, _originalError) = _options.RestoreConsole ? (Console.Out, Console.Error) : (null, null);
        Console.SetOut(Output);
        Console.SetError(Output);
        _redirected = true;
    }

    /// <summary>Flushes everything, puts the console back (see <see cref="BuildOptions.RestoreConsole"/>), closes the log.</summary>
    public void Close()
    {
        Output.Flush();
        if (_redirected)
        {
            // Not restoring: later writes (the process ending) go where the session's output went, unmasked.
            Console.SetOut(_originalOut ?? _options.Output);
            Console.SetError(_originalError ?? _options.Output);
        }

        Output.Dispose();
        Log.Dispose();
        _logFile.Dispose();
    }
}
