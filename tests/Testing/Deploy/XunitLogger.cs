using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Pipeline.Testing;

/// <summary>Engine and platform logs (any <see cref="ILogger"/> user) into the test output.</summary>
public sealed class XunitLogger(ITestOutputHelper output) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // the test finished while a background task still logs
        }
    }
}
