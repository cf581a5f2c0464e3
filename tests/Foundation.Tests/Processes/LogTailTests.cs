using Pipeline.Foundation.Processes;

namespace Pipeline.Foundation.Tests.Processes;

public sealed class LogTailTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("foundation-log-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Only_lines_written_after_the_offset_count()
    {
        var log = Path.Combine(_directory, "app.log");
        File.WriteAllText(log, "old start\nold failure\n");
        var offset = LogTail.End(log);
        File.AppendAllText(log, "one\n\n  two  \nthree\nfour\n");

        Assert.Equal(["two", "three", "four"], LogTail.Lines(log, offset, 3));
        Assert.Equal("three | four", LogTail.Summary(log, offset, 2));
        Assert.Equal("four", LogTail.Summary(log, 0, 1));
    }

    [Fact]
    public void A_missing_or_silent_log_has_no_output()
    {
        var log = Path.Combine(_directory, "missing.log");

        Assert.Equal(0, LogTail.End(log));
        Assert.Empty(LogTail.Lines(log, 0, 3));
        Assert.Equal("no output", LogTail.Summary(log, 0, 3));
        File.WriteAllText(log, "before\n");
        Assert.Equal("no output", LogTail.Summary(log, LogTail.End(log), 3));
    }
}
