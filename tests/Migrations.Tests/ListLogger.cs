using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pipeline.Migrations.Tests;

/// <summary>Records log entries (level, message, structured values) to assert on what the migrator reported.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
    }

    public IEnumerable<string> Messages(LogLevel level) => Entries.Where(e => e.Level == level).Select(e => e.Message);
}

public sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);
