using Microsoft.Extensions.Logging;

namespace Pipeline.Engine.Output;

/// <summary>
/// An <see cref="ILogger"/> for capability libraries that writes to the build output (and so through the masking sink).
/// Debug and trace go to the log file only.
/// </summary>
public sealed class BuildLogger(TextWriter console, TextWriter? logFile, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        var prefix = logLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };

        if (logLevel >= LogLevel.Information)
        {
            console.WriteLine(prefix + message);
        }

        logFile?.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {message}");
        if (exception is not null)
        {
            logFile?.WriteLine(exception.ToString());
        }
    }
}

/// <summary>Creates <see cref="BuildLogger"/>s.</summary>
public sealed class BuildLoggerFactory(TextWriter console, TextWriter? logFile) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new BuildLogger(console, logFile, categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The build logger writes to the build output only.");

    public void Dispose()
    {
    }
}
