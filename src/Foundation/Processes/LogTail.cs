namespace Pipeline.Foundation.Processes;

/// <summary>The last lines a detached process wrote to its log: what an error says when it exits or never answers.</summary>
public static class LogTail
{
    /// <summary>The last <paramref name="count"/> non-empty lines written to <paramref name="path"/> after <paramref name="offset"/>.</summary>
    public static IReadOnlyList<string> Lines(string path, long offset, int count)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Those lines on one line, joined by " | "; "no output" when there are none.</summary>
    public static string Summary(string path, long offset, int count)
    {
        var lines = Lines(path, offset, count);
        return lines.Count == 0 ? "no output" : string.Join(" | ", lines);
    }

    /// <summary>The length of <paramref name="path"/> now (0 when it does not exist): the offset where the next start's output begins.</summary>
    public static long End(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
